// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ClearingRules
/// @notice The rules a uniform-price clearing result must satisfy, as pure functions over one
/// order, a pair of orders, or the book's totals at the posted price. lib/energy/clearing.ts
/// states the same rules (RULES) and computes the one result that satisfies all of them.
///
/// Units: quantities in kWh (whole), prices in settlement-token cents per MWh. Sides: 0 bid
/// (buys), 1 offer (sells). Price 0 means "no trade".
///
/// The clearing price p is the lowest price at which the supply offered at or below p covers the
/// demand bid strictly above p: S(<=p) >= D(>p), and S(<p) < D(>=p) (at p - 1 it did not). The
/// volume is V = min(D(>=p), S(<=p)) > 0; a book with no bid at or above some offer has no
/// trade (price 0, nothing accepted). Bids above p and offers below p are filled; bids below p
/// and offers above p get nothing; at p the short side is filled and the long side (demand
/// when D(>=p) > S(<=p), supply when S(<=p) > D(>=p)) shares what is left, R, in proportion to
/// quantity: floor(q * R / M) each (M: the long side's quantity at p), and the R - sum(floor)
/// kWh left over go one each to the long side's orders at p in reveal order.
library ClearingRules {
    uint8 internal constant BID = 0;
    uint8 internal constant OFFER = 1;

    // Rule ids (IEnergyAuction.Rule). Checked: 1-2 per order while posting, 6-8 at the seal,
    // 3-5 by challenge once the posting's pass has the totals they need.
    uint8 internal constant NONE = 0;
    uint8 internal constant WRONG_SIDE = 1; // a bid below p or offer above p (or any order at p = 0) accepted
    uint8 internal constant NOT_FILLED = 2; // a bid above p or offer below p not fully accepted
    uint8 internal constant MARGINAL_SHARE = 3; // an order at p not given its share (full on the short side)
    uint8 internal constant REMAINDER_ORDER = 4; // a leftover kWh given to a later order at p before an earlier one
    uint8 internal constant CROSSING_IGNORED = 5; // price 0 while a bid is at or above an offer
    uint8 internal constant UNBALANCED = 6; // accepted demand != accepted supply
    uint8 internal constant NOT_LOWEST = 7; // S(<p) >= D(>=p): a lower price clears
    uint8 internal constant NO_TRADE_AT_PRICE = 8; // p > 0 with volume 0

    /// @notice The book at the posted price, summed by the posting's one pass (kWh).
    struct Totals {
        uint64 demandAtOrAbove; // D(>=p): bids with limit >= p
        uint64 demandAbove; // D(>p)
        uint64 supplyAtOrBelow; // S(<=p): offers with limit <= p
        uint64 supplyBelow; // S(<p)
        uint64 acceptedDemand;
        uint64 acceptedSupply;
    }

    /// @notice Adds one order to the totals at price `p`.
    function add(
        Totals memory t,
        uint256 side,
        uint256 quantity,
        uint256 limit,
        uint256 accepted,
        uint256 p
    ) internal pure {
        // Bounded: quantities < 2^32, at most 2^16 orders, so each sum < 2^48.
        unchecked {
            if (side == BID) {
                if (limit >= p) t.demandAtOrAbove += uint64(quantity);
                if (limit > p) t.demandAbove += uint64(quantity);
                t.acceptedDemand += uint64(accepted);
            } else {
                if (limit <= p) t.supplyAtOrBelow += uint64(quantity);
                if (limit < p) t.supplyBelow += uint64(quantity);
                t.acceptedSupply += uint64(accepted);
            }
        }
    }

    /// @notice The rule (1 or 2) an order breaks using only the price, else NONE.
    function priceRule(
        uint256 side,
        uint256 quantity,
        uint256 limit,
        uint256 accepted,
        uint256 p
    ) internal pure returns (uint8) {
        if (p == 0) return accepted == 0 ? NONE : WRONG_SIDE;
        bool below = side == BID ? limit < p : limit > p; // out of the money
        if (below) return accepted == 0 ? NONE : WRONG_SIDE;
        bool strictly = side == BID ? limit > p : limit < p;
        if (strictly) return accepted == quantity ? NONE : NOT_FILLED;
        return NONE; // at the price: rule 3
    }

    /// @notice Whether `side` is the long side at p: its orders at p share what is left.
    function isLong(Totals memory t, uint256 side) internal pure returns (bool) {
        return side == BID ? t.demandAtOrAbove > t.supplyAtOrBelow : t.supplyAtOrBelow > t.demandAtOrAbove;
    }

    /// @notice The floor share of an order of `quantity` at p on the long side `side`.
    /// @dev M >= quantity > 0 whenever the order is at p on that side, as the totals are actual sums.
    function floorShare(Totals memory t, uint256 side, uint256 quantity) internal pure returns (uint256) {
        (uint256 left, uint256 atPrice) = side == BID
            ? (t.supplyAtOrBelow - t.demandAbove, t.demandAtOrAbove - t.demandAbove)
            : (t.demandAtOrAbove - t.supplyBelow, t.supplyAtOrBelow - t.supplyBelow);
        return (quantity * left) / atPrice;
    }

    /// @notice The rule (1, 2 or 3) an order breaks given the totals, else NONE.
    function orderRule(
        Totals memory t,
        uint256 side,
        uint256 quantity,
        uint256 limit,
        uint256 accepted,
        uint256 p
    ) internal pure returns (uint8) {
        uint8 r = priceRule(side, quantity, limit, accepted, p);
        if (r != NONE || p == 0 || limit != p) return r;
        if (!isLong(t, side)) return accepted == quantity ? NONE : MARGINAL_SHARE;
        uint256 share = floorShare(t, side, quantity);
        return accepted == share || accepted == share + 1 ? NONE : MARGINAL_SHARE;
    }

    /// @notice A revealed order with its accepted kWh, as the pair rules read it.
    struct Order {
        uint256 side;
        uint256 quantity;
        uint256 limit;
        uint256 accepted;
    }

    /// @notice Whether a leftover kWh went to the later order `b` at p on the long side while the
    /// earlier order `a` (by reveal index) got none.
    function remainderBroken(Totals memory t, uint256 p, Order memory a, Order memory b) internal pure returns (bool) {
        if (p == 0 || a.side != b.side || a.limit != p || b.limit != p || !isLong(t, a.side)) return false;
        return a.accepted == floorShare(t, a.side, a.quantity) && b.accepted == floorShare(t, b.side, b.quantity) + 1;
    }

    /// @notice Whether price 0 (no trade) ignored a crossing: a bid at or above an offer.
    function crossingIgnored(
        uint256 p,
        uint256 aSide,
        uint256 aLimit,
        uint256 bSide,
        uint256 bLimit
    ) internal pure returns (bool) {
        return p == 0 && aSide == BID && bSide == OFFER && aLimit >= bLimit;
    }

    /// @notice The book rule (6..8) the totals break at p, else NONE.
    /// @dev The other half of the price rule, S(<=p) >= D(>p), needs no check of its own once
    /// rules 1, 2 and 6 hold: S(<=p) >= accepted supply = accepted demand >= D(>p).
    function bookRule(Totals memory t, uint256 p) internal pure returns (uint8) {
        if (t.acceptedDemand != t.acceptedSupply) return UNBALANCED;
        if (p == 0) return NONE;
        if (t.supplyBelow >= t.demandAtOrAbove) return NOT_LOWEST;
        if (t.supplyAtOrBelow == 0) return NO_TRADE_AT_PRICE; // D(>=p) > 0 here
        return NONE;
    }
}
