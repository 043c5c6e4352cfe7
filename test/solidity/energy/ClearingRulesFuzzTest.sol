// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ClearingRules} from "../../../contracts/energy/ClearingRules.sol";
import {Assert} from "../utils/Assert.sol";
import {ClearingModel} from "./ClearingModel.sol";

/// @title ClearingRulesFuzzTest
/// @notice The auction's verification (the rules of {ClearingRules}, as the contract applies
/// them at the posting, the seal and by challenge) against a brute-force model of the clearing
/// rule for random small books: it accepts the model's result and rejects every perturbed one
/// (a quantity, the price, a side); accepted demand equals accepted supply (ENG-51, ENG-52).
contract ClearingRulesFuzzTest is ClearingModel, Assert {
    // ---------------------------------------------------------------- the verification

    /// @dev Every check the contract makes on a result (posting, seal, every possible challenge):
    /// true if the result passes them all.
    function _accepts(Order[] memory book, uint256 price, uint256[] memory acc) internal pure returns (bool) {
        ClearingRules.Totals memory t;
        for (uint256 i = 0; i < book.length; ++i) {
            Order memory o = book[i];
            if (acc[i] > o.quantity) return false; // AcceptedAboveQuantity
            if (ClearingRules.priceRule(o.side, o.quantity, o.price, acc[i], price) != ClearingRules.NONE) return false;
            ClearingRules.add(t, o.side, o.quantity, o.price, acc[i], price);
        }
        if (ClearingRules.bookRule(t, price) != ClearingRules.NONE) return false;
        for (uint256 i = 0; i < book.length; ++i) {
            Order memory a = book[i];
            if (ClearingRules.orderRule(t, a.side, a.quantity, a.price, acc[i], price) != ClearingRules.NONE)
                return false;
            for (uint256 j = 0; j < book.length; ++j) {
                Order memory b = book[j];
                if (ClearingRules.crossingIgnored(price, a.side, a.price, b.side, b.price)) return false;
                if (i < j && ClearingRules.remainderBroken(t, price, _pair(a, acc[i]), _pair(b, acc[j]))) return false;
            }
        }
        return true;
    }

    function _pair(Order memory o, uint256 accepted) internal pure returns (ClearingRules.Order memory) {
        return ClearingRules.Order({side: o.side, quantity: o.quantity, limit: o.price, accepted: accepted});
    }

    function _same(uint256 p1, uint256[] memory a1, uint256 p2, uint256[] memory a2) internal pure returns (bool) {
        if (p1 != p2) return false;
        for (uint256 i = 0; i < a1.length; ++i) if (a1[i] != a2[i]) return false;
        return true;
    }

    // ---------------------------------------------------------------- properties

    function testFuzz_ENG_51_verificationAcceptsModelResult(uint256 seed, uint256 n) public pure {
        Order[] memory book = _book(seed, n);
        (uint256 price, uint256[] memory acc) = _clear(book);
        assertTrue(_accepts(book, price, acc), "the model's clearing must pass every rule");
    }

    function testFuzz_ENG_51_verificationRejectsChangedQuantity(
        uint256 seed,
        uint256 n,
        uint256 k,
        bool up
    ) public pure {
        Order[] memory book = _book(seed, n);
        (uint256 price, uint256[] memory acc) = _clear(book);
        k %= book.length;
        if (up ? acc[k] < type(uint32).max : acc[k] > 0) acc[k] = up ? acc[k] + 1 : acc[k] - 1;
        else acc[k] = up ? acc[k] - 1 : acc[k] + 1;
        assertFalse(_accepts(book, price, acc), "a result with one quantity changed must fail a rule");
    }

    function testFuzz_ENG_51_verificationRejectsMovedQuantity(
        uint256 seed,
        uint256 n,
        uint256 from,
        uint256 to
    ) public pure {
        // one kWh moved between two orders keeps the totals balanced when both are on one side
        Order[] memory book = _book(seed, n);
        (uint256 price, uint256[] memory acc) = _clear(book);
        from %= book.length;
        to %= book.length;
        if (from == to || acc[from] == 0) return;
        acc[from] -= 1;
        acc[to] += 1;
        assertFalse(_accepts(book, price, acc), "a result with one kWh moved must fail a rule");
    }

    function testFuzz_ENG_51_verificationRejectsShareMovedAtPrice(uint256 seed, uint256 n, uint256 k) public pure {
        // one kWh moved between two orders at the price on one side keeps every total: only the
        // share rules (MarginalShare, RemainderOrder) can see it
        Order[] memory book = _book(seed, n);
        (uint256 price, uint256[] memory acc) = _clear(book);
        (bool found, uint256 from, uint256 to) = _pairAtPrice(book, price, acc, k);
        if (!found) return;
        acc[from] -= 1;
        acc[to] += 1;
        assertFalse(_accepts(book, price, acc), "a share moved between orders at the price must fail a rule");
    }

    function testFuzz_ENG_51_verificationRejectsChangedPrice(uint256 seed, uint256 n, uint256 newPrice) public pure {
        Order[] memory book = _book(seed, n);
        (uint256 price, uint256[] memory acc) = _clear(book);
        newPrice %= MAX_PRICE + 2;
        if (newPrice == price) return;
        assertFalse(_accepts(book, newPrice, acc), "the same quantities at another price must fail a rule");
    }

    function testFuzz_ENG_51_verificationRejectsChangedSide(uint256 seed, uint256 n, uint256 k) public pure {
        Order[] memory book = _book(seed, n);
        (uint256 price, uint256[] memory acc) = _clear(book);
        k %= book.length;
        book[k].side ^= 1;
        (uint256 price2, uint256[] memory acc2) = _clear(book);
        book[k].side ^= 1;
        if (_same(price, acc, price2, acc2)) return; // flipping that order changed nothing
        assertFalse(
            _accepts(book, price2, acc2),
            "the clearing of a book with one side flipped must fail on the real book"
        );
    }

    function testFuzz_ENG_52_acceptedDemandEqualsSupply(uint256 seed, uint256 n) public pure {
        Order[] memory book = _book(seed, n);
        (uint256 price, uint256[] memory acc) = _clear(book);
        (uint256 dge, , uint256 sle, ) = _sums(book, price == 0 ? 1 : price);
        uint256 demand;
        uint256 supply;
        for (uint256 i = 0; i < book.length; ++i) {
            assertTrue(acc[i] <= book[i].quantity, "never more than the order's quantity");
            if (book[i].side == 0) demand += acc[i];
            else supply += acc[i];
        }
        assertEq(demand, supply, "accepted demand equals accepted supply");
        assertEq(demand, price == 0 ? 0 : (dge < sle ? dge : sle), "the volume is min(D(>=p), S(<=p))");
    }
}
