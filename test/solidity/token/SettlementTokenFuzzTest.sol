// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {IConsortiumErrors} from "../../../contracts/access/IConsortiumErrors.sol";
import {IConsortiumGoverned} from "../../../contracts/access/IConsortiumGoverned.sol";
import {Roles} from "../../../contracts/access/Roles.sol";
import {SettlementToken} from "../../../contracts/token/SettlementToken.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";

/// @title SettlementTokenFuzzTest
/// @notice Token movements are gated by the consortium's membership (mirrored into the token),
/// the token's own freeze flags and its pause (ACC-F07, ACC-F08).
contract SettlementTokenFuzzTest is ConsortiumTestBase {
    uint256 internal constant HOLDERS = 9;
    uint256 internal constant INITIAL = 100_000;

    Consortium internal consortium;
    SettlementToken internal token;
    /// @dev admin1, grid ops (non-admin of member 1), admin2 (bank, TOKEN_ISSUER), admin3,
    /// admin4 (REGULATOR), admin5 (suspended member), admin6 (expelled member), two outsiders.
    address[HOLDERS] internal holders;
    /// @dev An active, never frozen account of member 3 that spends allowances.
    address internal spender;
    address internal bank;
    address internal regulator;

    // Test-side model of the token-local state.
    uint256 internal frozenMask;
    bool internal paused;
    uint256 internal refCounter;

    function setUp() public {
        uint32[] memory weights = new uint32[](6);
        for (uint256 i = 0; i < 6; ++i) weights[i] = 1;
        IConsortium.GenesisGrant[] memory grants = new IConsortium.GenesisGrant[](2);
        grants[0] = IConsortium.GenesisGrant({account: adminOf(2), role: Roles.TOKEN_ISSUER});
        grants[1] = IConsortium.GenesisGrant({account: adminOf(4), role: Roles.REGULATOR});
        consortium = deployConsortium(weights, rulesOf(5000, 5001, 1 hours, 0, 1 days, 0), grants);
        token = new SettlementToken(address(consortium), "Consortium Yuan", "CNYC");
        consortium.registerGenesisModule(address(token));
        consortium.sealGenesis();

        bank = adminOf(2);
        regulator = adminOf(4);
        address gridOps = address(0xC0001);
        spender = address(0xC0003);
        // An account joins only by accepting its member's offer (ACC-53).
        vm.prank(adminOf(1));
        consortium.addAccount(gridOps, false);
        vm.prank(gridOps);
        consortium.acceptAccount(1);
        vm.prank(adminOf(3));
        consortium.addAccount(spender, false);
        vm.prank(spender);
        consortium.acceptAccount(3);
        holders = [
            adminOf(1),
            gridOps,
            bank,
            adminOf(3),
            regulator,
            adminOf(5),
            adminOf(6),
            address(0xD0001),
            address(0xD0002)
        ];
        for (uint256 i = 0; i < 7; ++i) {
            vm.prank(bank);
            token.mint(holders[i], INITIAL, nextRef());
        }
        // Member 5 is suspended and member 6 expelled after receiving tokens.
        passProposal(consortium, 1, ids(1, 2, 3), IConsortium.ProposalKind.SuspendMember, abi.encode(uint64(5)));
        passProposal(consortium, 1, ids(1, 2, 3), IConsortium.ProposalKind.ExpelMember, abi.encode(uint64(6)));
        for (uint256 i = 0; i < HOLDERS; ++i) vm.label(holders[i], string.concat("holder", _toString(i)));
    }

    // ============================================================ model

    function nextRef() internal returns (bytes32) {
        return keccak256(abi.encode("deposit", ++refCounter));
    }

    /// @dev The consortium's truth (not the token's mirror): an account of an active member.
    function isActiveMemberAccount(address account) internal view returns (bool) {
        uint64 id = consortium.memberOf(account);
        return id != 0 && consortium.getMember(id).status == IConsortium.MemberStatus.Active;
    }

    function isFrozen(address account) internal view returns (bool) {
        for (uint256 i = 0; i < HOLDERS; ++i) if (holders[i] == account) return frozenMask & (1 << i) != 0;
        return false;
    }

    function canHold(address account) internal view returns (bool) {
        return isActiveMemberAccount(account) && !isFrozen(account);
    }

    function sumOfBalances() internal view returns (uint256 s) {
        for (uint256 i = 0; i < HOLDERS; ++i) s += token.balanceOf(holders[i]);
        s += token.balanceOf(spender);
    }

    function checkSupply() internal view {
        assertEq(sumOfBalances(), token.totalSupply(), "ACC-F08 totalSupply == sum of balances");
    }

    /// @dev Holders eligible to hold tokens before any freeze: the five active-member accounts.
    function pickHolder(uint8 seed) internal view returns (address) {
        return seed & 0x80 != 0 ? holders[(seed & 0x7f) % 5] : holders[seed % HOLDERS];
    }

    function setPaused(bool p) internal {
        if (p == paused) return;
        vm.prank(regulator);
        (bool ok, ) = address(token).call(
            p ? abi.encodeCall(token.pause, ("fuzz")) : abi.encodeCall(token.unpause, ("fuzz"))
        );
        // The regulator may act only while it holds REGULATOR and is not frozen itself.
        assertEq(ok, !isFrozen(regulator), "pause/unpause allowed iff the regulator is not frozen");
        if (ok) paused = p;
        assertEq(token.paused(), paused, "paused flag");
    }

    function setFrozen(uint256 i, bool f) internal {
        if ((frozenMask & (1 << i) != 0) == f) return;
        vm.prank(regulator);
        (bool ok, ) = address(token).call(
            f
                ? abi.encodeCall(token.freeze, (holders[i], "fuzz"))
                : abi.encodeCall(token.unfreeze, (holders[i], "fuzz"))
        );
        assertEq(ok, !isFrozen(regulator), "freeze/unfreeze allowed iff the regulator is not frozen");
        if (ok) frozenMask = f ? frozenMask | (1 << i) : frozenMask & ~(1 << i);
        assertEq(token.isFrozen(holders[i]), frozenMask & (1 << i) != 0, "frozen flag");
    }

    /// @dev A failed movement must fail for a reason the model agrees with.
    function checkRevertReason(bytes memory ret, address from, address to, uint256 amount, uint256 bal) internal view {
        bytes4 sel = bytes4(ret);
        if (sel == IConsortiumGoverned.ModulePaused.selector) {
            assertTrue(paused, "ModulePaused while not paused");
        } else if (sel == IConsortiumErrors.NotMemberAccount.selector) {
            address who = abi.decode(slice4(ret), (address));
            assertTrue(who == from || who == to, "NotMemberAccount names a party");
            assertFalse(canHold(who), "NotMemberAccount for an account that may hold");
        } else if (sel == IERC20Errors.ERC20InsufficientBalance.selector) {
            assertTrue(amount > bal, "ERC20InsufficientBalance with enough balance");
        } else if (sel == IERC20Errors.ERC20InsufficientAllowance.selector) {
            fail("allowance was granted in full");
        } else {
            fail("unexpected revert reason");
        }
    }

    function slice4(bytes memory b) internal pure returns (bytes memory out) {
        out = new bytes(b.length - 4);
        for (uint256 i = 4; i < b.length; ++i) out[i - 4] = b[i];
    }

    /// @dev Moves `amount` from `from` to `to` (directly or through `spender`'s allowance) and
    /// checks the outcome against the rule; returns whether it succeeded.
    function move(address from, address to, uint256 amount, bool viaAllowance) internal returns (bool ok) {
        uint256 fromBefore = token.balanceOf(from);
        uint256 toBefore = token.balanceOf(to);
        uint256 supply = token.totalSupply();
        bool expected = !paused && canHold(from) && canHold(to) && amount <= fromBefore;
        bytes memory ret;
        if (viaAllowance) {
            vm.prank(from);
            token.approve(spender, amount); // the spender stays eligible, so approve never refuses
            vm.prank(spender);
            (ok, ret) = address(token).call(abi.encodeCall(token.transferFrom, (from, to, amount)));
        } else {
            vm.prank(from);
            (ok, ret) = address(token).call(abi.encodeCall(token.transfer, (to, amount)));
        }
        assertEq(ok, expected, "ACC-F07 transfer succeeds iff both sides may hold and not paused");
        if (ok) {
            if (from != to) {
                assertEq(token.balanceOf(from), fromBefore - amount, "ACC-F07 sender debited");
                assertEq(token.balanceOf(to), toBefore + amount, "ACC-F07 receiver credited");
            } else {
                assertEq(token.balanceOf(from), fromBefore, "ACC-F07 self transfer");
            }
        } else {
            checkRevertReason(ret, from, to, amount, fromBefore);
            assertEq(token.balanceOf(from), fromBefore, "ACC-F07 failed transfer moved funds");
            assertEq(token.balanceOf(to), toBefore, "ACC-F07 failed transfer moved funds");
        }
        assertEq(token.totalSupply(), supply, "ACC-F07 transfers keep the supply");
    }

    // ============================================================ ACC-F07

    /// @notice A transfer (or transferFrom by an eligible spender) succeeds iff both
    /// sides are accounts of active members (per the consortium), neither is frozen in the
    /// token, the token is not paused and the balance suffices; balances move exactly.
    function testFuzz_ACC_F07_transferSucceedsIffBothSidesMayHold(
        uint8 fromSeed,
        uint8 toSeed,
        uint256 amountSeed,
        uint32 freezeSeed,
        uint8 pauseSeed,
        bool viaAllowance
    ) public {
        setPaused(pauseSeed % 4 == 0);
        // Each holder is frozen with probability 1/4; the regulator itself last.
        for (uint256 k = 0; k < HOLDERS; ++k) {
            uint256 i = (k + 5) % HOLDERS; // 5, 6, 7, 8, 0, 1, 2, 3, 4 (regulator = 4)
            setFrozen(i, (freezeSeed >> (2 * i)) & 3 == 0);
        }
        address from = pickHolder(fromSeed);
        address to = pickHolder(toSeed);
        uint256 bal = token.balanceOf(from);
        // Mostly within the balance (including 0 and all of it), sometimes beyond it.
        uint256 amount =
            amountSeed % 8 == 0 ? bound(amountSeed >> 3, bal + 1, bal + INITIAL) : bound(amountSeed >> 3, 0, bal);
        move(from, to, amount, viaAllowance);
        checkSupply();
    }

    /// @notice The mirror follows membership: suspended and expelled members'
    /// accounts and outsiders cannot send or receive; active members' accounts can.
    function test_ACC_F07_membershipGatesTransfers() public {
        assertTrue(move(holders[0], holders[1], 10, false), "active -> active (non-admin account)");
        assertFalse(move(holders[5], holders[0], 10, false), "suspended member cannot send");
        assertFalse(move(holders[0], holders[5], 10, false), "suspended member cannot receive");
        assertFalse(move(holders[6], holders[0], 10, false), "expelled member cannot send");
        assertFalse(move(holders[0], holders[7], 10, false), "outsider cannot receive");
        assertFalse(token.hasRole(holders[5], Roles.MEMBER), "mirror: suspended");
        assertFalse(token.hasRole(holders[6], Roles.MEMBER), "mirror: expelled");
        // Reinstating member 5 restores it in the token through the pushed mirror.
        passProposal(consortium, 1, ids(1, 2, 3), IConsortium.ProposalKind.ReinstateMember, abi.encode(uint64(5)));
        assertTrue(token.hasRole(holders[5], Roles.MEMBER), "mirror: reinstated");
        assertTrue(move(holders[5], holders[0], 10, false), "reinstated member can send");
        checkSupply();
    }

    // ============================================================ ACC-F08

    /// @notice After any sequence of transfers, mints, burns, pauses and freezes,
    /// totalSupply equals the sum of the balances of all tracked accounts, and every mint and
    /// burn succeeds exactly when the rules allow it.
    function testFuzz_ACC_F08_totalSupplyEqualsSumOfBalances(uint256[12] memory ops) public {
        checkSupply();
        for (uint256 i = 0; i < ops.length; ++i) {
            uint256 op = ops[i];
            uint256 kind = op % 8;
            address a = pickHolder(uint8(op >> 8));
            address b = pickHolder(uint8(op >> 16));
            uint256 amount = bound(op >> 24, 0, INITIAL * 2);
            if (kind <= 2) move(a, b, amount, kind == 2);
            else if (kind == 3) mintTo(b, amount);
            else if (kind == 4) burnFromBank(amount);
            else if (kind == 5)
                setPaused((op >> 8) % 3 == 0); // mostly unpaused
            else setFrozen((op >> 8) % HOLDERS, (op >> 16) % 3 == 0); // mostly unfreeze
            checkSupply();
        }
    }

    function issuerMayAct() internal view returns (bool) {
        return !paused && consortium.hasRole(bank, Roles.TOKEN_ISSUER) && !isFrozen(bank);
    }

    function mintTo(address to, uint256 amount) internal {
        uint256 supply = token.totalSupply();
        uint256 before = token.balanceOf(to);
        bool expected = issuerMayAct() && canHold(to) && amount > 0;
        bytes32 ref = nextRef();
        vm.prank(bank);
        (bool ok, ) = address(token).call(abi.encodeCall(token.mint, (to, amount, ref)));
        assertEq(ok, expected, "ACC-F08 mint succeeds iff allowed");
        assertEq(token.totalSupply(), ok ? supply + amount : supply, "ACC-F08 mint changes supply by amount");
        assertEq(token.balanceOf(to), ok ? before + amount : before, "ACC-F08 mint credits");
        assertEq(token.referenceUsed(ref), ok, "ACC-F08 reference used iff minted");
    }

    function burnFromBank(uint256 amount) internal {
        uint256 supply = token.totalSupply();
        uint256 before = token.balanceOf(bank);
        bool expected = issuerMayAct() && amount > 0 && amount <= before;
        vm.prank(bank);
        (bool ok, ) = address(token).call(abi.encodeCall(token.burn, (amount, nextRef())));
        assertEq(ok, expected, "ACC-F08 burn succeeds iff allowed");
        assertEq(token.totalSupply(), ok ? supply - amount : supply, "ACC-F08 burn changes supply by amount");
        assertEq(token.balanceOf(bank), ok ? before - amount : before, "ACC-F08 burn debits");
    }
}
