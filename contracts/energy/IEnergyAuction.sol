// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IEnergyAuctionErrors} from "./IEnergyAuctionErrors.sol";

/// @title IEnergyAuction
/// @notice A sealed-bid (commit-reveal) uniform-price auction per trading period (集中竞价),
/// cleared off chain by lib/energy/clearing.ts and checked on chain.
///
/// Flow: the MARKET_OPERATOR (trading centre) opens an auction for a period; GENERATOR, RETAILER
/// and CONSUMER accounts commit a hash of their order until the commit deadline (a commitment
/// may be replaced: an amendment) and reveal it after, until the reveal deadline; unrevealed
/// commitments do not count. Revealed orders are numbered 0..n-1 in reveal order. The operator
/// then posts the price and the accepted quantity of every revealed order, in index order, in
/// pages (the posting is one pass; it refuses orders out of or strictly in the money handled
/// wrongly), and seals it (the seal refuses unbalanced volumes and a price that is not the
/// crossing). The rules about orders at the price need the totals of the whole pass, so anyone
/// checks them afterwards: within the challenge window a challenge naming a broken rule voids
/// the result and the operator posts again. After the window the result is final.
///
/// Units: quantity in whole kWh (1..2^32-1), limit and clearing prices in settlement-token
/// cents per MWh (1..priceCap <= 2^24-1). Sides: 0 bid (buy), 1 offer (sell). The exact rule is
/// in {ClearingRules} and docs/energy/clearing.md.
interface IEnergyAuction is IEnergyAuctionErrors {
    /// @notice Where an auction stands.
    enum Phase {
        None, // never opened
        Commit, // now <= commit deadline
        Reveal, // commit deadline < now <= reveal deadline
        Clearing, // after the reveal deadline, no sealed result (none, being posted, or voided)
        Challenge, // sealed, the challenge window open
        Final // sealed, the window closed
    }

    /// @notice The rules of a result ({ClearingRules}), as a challenge names them.
    enum Rule {
        None,
        WrongSide,
        NotFilled,
        MarginalShare,
        RemainderOrder,
        CrossingIgnored,
        Unbalanced,
        NotLowest,
        NoTradeAtPrice
    }

    /// @notice An auction's schedule, caps and counters.
    struct AuctionView {
        uint64 commitDeadline;
        uint64 revealDeadline;
        uint32 challengeWindow;
        uint24 priceCap;
        uint16 orderCap;
        uint16 committed;
        uint16 revealed;
    }

    /// @notice A posted result: its price, how far it is posted, when it was sealed, and the
    /// book's totals at its price (kWh) as the posting's pass summed them.
    struct ResultView {
        Phase phase;
        uint24 price;
        uint16 posted;
        uint64 sealedAt;
        uint16 voided;
        uint64 demandAtOrAbove;
        uint64 demandAbove;
        uint64 supplyAtOrBelow;
        uint64 supplyBelow;
        uint64 acceptedDemand;
        uint64 acceptedSupply;
    }

    /// @notice A revealed order and its accepted quantity in the current posting (kWh).
    struct OrderView {
        address bidder;
        uint8 side;
        uint32 quantity;
        uint24 price;
        uint32 accepted;
    }

    // ---------------------------------------------------------------- events

    /// @notice The auction of `period` was opened by `by`.
    event AuctionOpened(
        uint64 indexed period,
        uint64 commitDeadline,
        uint64 revealDeadline,
        uint32 challengeWindow,
        uint24 priceCap,
        uint16 orderCap,
        address indexed by
    );

    /// @notice `bidder` committed `commitment` in order slot `slot` of `period`.
    event OrderCommitted(uint64 indexed period, address indexed bidder, uint8 slot, bytes32 commitment);

    /// @notice `bidder` replaced the commitment of slot `slot` of `period` with `commitment`.
    event OrderAmended(uint64 indexed period, address indexed bidder, uint8 slot, bytes32 commitment);

    /// @notice `bidder` revealed slot `slot` of `period`; it is order `index`.
    event OrderRevealed(
        uint64 indexed period,
        address indexed bidder,
        uint8 slot,
        uint16 index,
        uint8 side,
        uint32 quantity,
        uint24 price
    );

    /// @notice `by` posted orders `from`..`from + count - 1` of `period`'s result at `price`.
    event ResultPosted(uint64 indexed period, uint24 price, uint16 from, uint16 count, address indexed by);

    /// @notice The result of `period` was sealed: `volume` kWh trade at `price`; challenges
    /// are open until `challengeUntil`.
    event ResultSealed(uint64 indexed period, uint24 price, uint64 volume, uint64 challengeUntil, address indexed by);

    /// @notice `challenger` showed that `period`'s result breaks `rule` at orders `first`,
    /// `second`: the result is void and must be posted again.
    event ResultVoided(uint64 indexed period, address indexed challenger, Rule rule, uint16 first, uint16 second);

    // ---------------------------------------------------------------- operator

    /// @notice Opens the auction of `period` (MARKET_OPERATOR).
    /// @param period the trading period's id (one auction each)
    /// @param commitDeadline last second (unix) a commitment or amendment is accepted
    /// @param revealDeadline last second a reveal is accepted (after the commit deadline)
    /// @param challengeWindow seconds a sealed result may be challenged
    /// @param priceCap highest limit price, cents per MWh
    /// @param orderCap most commitments (orders) the auction takes
    function openAuction(
        uint64 period,
        uint64 commitDeadline,
        uint64 revealDeadline,
        uint32 challengeWindow,
        uint24 priceCap,
        uint16 orderCap
    ) external;

    /// @notice Posts a page of `period`'s result (MARKET_OPERATOR): the price and the accepted
    /// kWh of orders `from`..`from + accepted.length - 1`. A posting starts at 0 (restarting any
    /// unsealed one) and continues where it stands; each order is checked against the rules
    /// that need only the price ({Rule.WrongSide}, {Rule.NotFilled}).
    /// @param period the auction
    /// @param price the clearing price, cents per MWh (0: no trade)
    /// @param from the first order index of the page
    /// @param accepted accepted kWh per order of the page, in index order
    function postResult(uint64 period, uint24 price, uint16 from, uint32[] calldata accepted) external;

    /// @notice Seals `period`'s fully posted result (MARKET_OPERATOR) after checking the book
    /// rules on its totals; the challenge window starts.
    function sealResult(uint64 period) external;

    // ---------------------------------------------------------------- participants

    /// @notice Commits (first time: GENERATOR, RETAILER or CONSUMER) or amends the order in
    /// slot `slot` of `period` until the commit deadline. An amendment only replaces the hash:
    /// roles are checked again at the reveal.
    /// @param period the auction
    /// @param slot the caller's order slot, 0..MAX_SLOTS-1 (one order each)
    /// @param commitment {commitmentOf} of the order (lib/energy/auction.ts orderCommitment)
    function commit(uint64 period, uint8 slot, bytes32 commitment) external;

    /// @notice Reveals the order behind the caller's commitment in `slot` of `period`, between
    /// the deadlines; it becomes the next order index. Offers need GENERATOR or RETAILER, bids
    /// RETAILER or CONSUMER.
    /// @param side 0 bid, 1 offer
    /// @param quantity kWh
    /// @param price limit price, cents per MWh (1..priceCap)
    /// @param salt the secret that hid the order
    function reveal(uint64 period, uint8 slot, uint8 side, uint32 quantity, uint24 price, bytes32 salt) external;

    // ---------------------------------------------------------------- anyone

    /// @notice Voids `period`'s sealed result within its window if it breaks `rule` at orders
    /// `first` (and `second`, for the pair rules RemainderOrder: first < second, and
    /// CrossingIgnored: first a bid, second an offer); refuses with NoViolation otherwise.
    /// Open during a pause: a challenge only ever removes a result.
    function challenge(uint64 period, Rule rule, uint16 first, uint16 second) external;

    // ---------------------------------------------------------------- views

    /// @notice The hash an order is committed as: keccak256(abi.encode(ORDER_TYPEHASH, chain id,
    /// this contract, period, bidder, slot, side, quantity, price, salt)).
    function commitmentOf(
        uint64 period,
        address bidder,
        uint8 slot,
        uint8 side,
        uint32 quantity,
        uint24 price,
        bytes32 salt
    ) external view returns (bytes32);

    /// @notice The phase of `period`'s auction.
    function phaseOf(uint64 period) external view returns (Phase);

    /// @notice The schedule, caps and counters of `period`'s auction.
    function auctionOf(uint64 period) external view returns (AuctionView memory);

    /// @notice The current result of `period` (posting, sealed, voided or none).
    function resultOf(uint64 period) external view returns (ResultView memory);

    /// @notice Revealed order `index` of `period`.
    function orderAt(uint64 period, uint16 index) external view returns (OrderView memory);

    /// @notice A slot's state: 0 empty, 1 committed (then `commitDeadline` and the hash's first
    /// 24 bytes), 2 revealed (then `index`).
    function slotOf(
        uint64 period,
        address bidder,
        uint8 slot
    ) external view returns (uint8 state, uint64 commitDeadline, bytes24 digest, uint16 index);

    /// @notice The final result for one participant: kWh bought and sold across its slots, and the price.
    function clearedOf(
        uint64 period,
        address participant
    ) external view returns (uint64 bought, uint64 sold, uint24 price);
}
