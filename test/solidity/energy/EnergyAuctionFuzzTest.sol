// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {Roles} from "../../../contracts/access/Roles.sol";
import {EnergyAuction} from "../../../contracts/energy/EnergyAuction.sol";
import {IEnergyAuction} from "../../../contracts/energy/IEnergyAuction.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";
import {ClearingModel} from "./ClearingModel.sol";

/// @title EnergyAuctionFuzzTest
/// @notice The deployed EnergyAuction against the brute-force clearing model: random books are
/// committed and revealed by real participants, then the model's result passes the posting, the
/// seal and every challenge, and leaves accepted demand equal to accepted supply for each
/// participant; a perturbed result (a quantity, a share moved at the price, the price, a side)
/// is refused at the posting or the seal, or voided by some challenge (ENG-51, ENG-52).
contract EnergyAuctionFuzzTest is ConsortiumTestBase, ClearingModel {
    uint64 internal constant PERIOD = 2026070114;
    uint32 internal constant WINDOW = 1 hours;

    Consortium internal consortium;
    EnergyAuction internal auction;
    address internal operator;
    address internal seller; // GENERATOR: every offer
    address internal buyer; // CONSUMER: every bid

    function setUp() public {
        uint32[] memory weights = new uint32[](3);
        for (uint256 i = 0; i < 3; ++i) weights[i] = 1;
        operator = adminOf(1);
        seller = adminOf(2);
        buyer = adminOf(3);
        IConsortium.GenesisGrant[] memory grants = new IConsortium.GenesisGrant[](3);
        grants[0] = IConsortium.GenesisGrant({account: operator, role: Roles.MARKET_OPERATOR});
        grants[1] = IConsortium.GenesisGrant({account: seller, role: Roles.GENERATOR});
        grants[2] = IConsortium.GenesisGrant({account: buyer, role: Roles.CONSUMER});
        consortium = deployConsortium(weights, rulesOf(5000, 5001, 1 hours, 0, 1 days, 0), grants);
        auction = new EnergyAuction(address(consortium));
        consortium.registerGenesisModule(address(auction));
        consortium.sealGenesis();
    }

    /// @dev Opens the auction, commits and reveals `book` in index order (offers by the seller,
    /// bids by the buyer, one slot each), and moves past the reveal deadline.
    function _run(Order[] memory book) internal {
        uint256 t0 = block.timestamp;
        vm.prank(operator);
        auction.openAuction(PERIOD, uint64(t0 + 100), uint64(t0 + 200), WINDOW, 100, 100);
        uint8[] memory slotOf = new uint8[](book.length);
        uint8 offers;
        uint8 bids;
        for (uint256 i = 0; i < book.length; ++i) {
            Order memory o = book[i];
            address who = o.side == 1 ? seller : buyer;
            slotOf[i] = o.side == 1 ? offers++ : bids++;
            bytes32 c = auction.commitmentOf(
                PERIOD,
                who,
                slotOf[i],
                o.side,
                uint32(o.quantity),
                uint24(o.price),
                bytes32(i)
            );
            vm.prank(who);
            auction.commit(PERIOD, slotOf[i], c);
        }
        vm.warp(t0 + 101);
        for (uint256 i = 0; i < book.length; ++i) {
            Order memory o = book[i];
            vm.prank(o.side == 1 ? seller : buyer);
            auction.reveal(PERIOD, slotOf[i], o.side, uint32(o.quantity), uint24(o.price), bytes32(i));
        }
        vm.warp(t0 + 201);
    }

    function _post(uint256 price, uint256[] memory acc) internal returns (bool) {
        uint32[] memory page = new uint32[](acc.length);
        for (uint256 i = 0; i < acc.length; ++i) page[i] = uint32(acc[i]);
        vm.prank(operator);
        try auction.postResult(PERIOD, uint24(price), 0, page) {
            return true;
        } catch {
            return false;
        }
    }

    function _seal() internal returns (bool) {
        vm.prank(operator);
        try auction.sealResult(PERIOD) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Brings every challenge there is against the sealed result; true at the first that voids it.
    function _someChallengeWins(uint256 n) internal returns (bool) {
        for (uint8 r = 1; r <= uint8(IEnergyAuction.Rule.NoTradeAtPrice); ++r) {
            IEnergyAuction.Rule rule = IEnergyAuction.Rule(r);
            bool pair = rule == IEnergyAuction.Rule.RemainderOrder || rule == IEnergyAuction.Rule.CrossingIgnored;
            uint256 firsts = r >= uint8(IEnergyAuction.Rule.Unbalanced) ? 1 : n;
            for (uint256 a = 0; a < firsts; ++a) {
                for (uint256 b = 0; b < (pair ? n : 1); ++b) {
                    try auction.challenge(PERIOD, rule, uint16(a), uint16(b)) {
                        return true;
                    } catch {}
                }
            }
        }
        return false;
    }

    function testFuzz_ENG_51_contractAcceptsModelResult(uint256 seed, uint256 n) public {
        Order[] memory book = _book(seed, n);
        _run(book);
        (uint256 price, uint256[] memory acc) = _clear(book);
        assertTrue(_post(price, acc), "the model's result must post");
        assertTrue(_seal(), "the model's result must seal");
        assertFalse(_someChallengeWins(book.length), "no challenge may void the model's result");
        assertEq(uint256(auction.phaseOf(PERIOD)), uint256(IEnergyAuction.Phase.Challenge), "in its challenge window");
    }

    function testFuzz_ENG_52_contractConservesVolume(uint256 seed, uint256 n) public {
        Order[] memory book = _book(seed, n);
        _run(book);
        (uint256 price, uint256[] memory acc) = _clear(book);
        assertTrue(_post(price, acc) && _seal(), "the model's result must post and seal");
        vm.warp(block.timestamp + WINDOW + 1);
        (uint64 bought, , uint24 p) = auction.clearedOf(PERIOD, buyer);
        (, uint64 sold, ) = auction.clearedOf(PERIOD, seller);
        IEnergyAuction.ResultView memory r = auction.resultOf(PERIOD);
        assertEq(bought, sold, "what buyers get is what sellers sell");
        assertEq(r.acceptedDemand, r.acceptedSupply, "accepted demand equals accepted supply");
        assertEq(bought, r.acceptedDemand, "the participants' sum is the result's");
        assertEq(p, price, "the final price is the posted one");
    }

    function testFuzz_ENG_51_contractRejectsPerturbedResult(uint256 seed, uint256 n, uint256 k, uint8 kind) public {
        Order[] memory book = _book(seed, n);
        _run(book);
        (uint256 price, uint256[] memory acc) = _clear(book);
        k %= book.length;
        uint256 newPrice = price;
        uint256[] memory newAcc = new uint256[](book.length);
        for (uint256 i = 0; i < book.length; ++i) newAcc[i] = acc[i];
        kind %= 4;
        if (kind == 3) {
            (bool found, uint256 from, uint256 to) = _pairAtPrice(book, price, acc, k);
            if (!found) return;
            newAcc[from] -= 1;
            newAcc[to] += 1;
        } else if (kind == 0) {
            newAcc[k] = acc[k] < book[k].quantity ? acc[k] + 1 : acc[k] - 1;
        } else if (kind == 1) {
            newPrice = (price + 1 + (k % MAX_PRICE)) % (MAX_PRICE + 1);
            if (newPrice == price) return;
        } else {
            book[k].side ^= 1;
            (newPrice, newAcc) = _clear(book);
            book[k].side ^= 1;
            bool same = newPrice == price;
            for (uint256 i = 0; same && i < acc.length; ++i) same = newAcc[i] == acc[i];
            if (same) return; // that flip changes nothing
        }
        if (!_post(newPrice, newAcc)) return; // refused while posting
        if (!_seal()) return; // refused at the seal
        assertTrue(_someChallengeWins(book.length), "a sealed perturbed result must be voided by some challenge");
        assertEq(uint256(auction.phaseOf(PERIOD)), uint256(IEnergyAuction.Phase.Clearing), "voided: back to clearing");
    }
}
