// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IEnergyAuctionErrors
/// @notice The refusals of the sealed-bid auction ({IEnergyAuction}), one per broken rule, in
/// their own interface so that the energy system's other contracts can share the names.
/// @dev Periods are uint64 and order indices uint16 everywhere, as the auction numbers them.
interface IEnergyAuctionErrors {
    // ---------------------------------------------------------------- opening

    /// @notice An auction for `period` was already opened.
    error AuctionExists(uint64 period);

    /// @notice No auction was opened for `period`.
    error UnknownAuction(uint64 period);

    /// @notice The schedule is not now < commit deadline < reveal deadline.
    error BadSchedule(uint64 commitDeadline, uint64 revealDeadline);

    /// @notice The order cap is 0 or above {IEnergyAuction.MAX_ORDER_CAP}.
    error BadOrderCap(uint256 orderCap);

    /// @notice The price cap is 0 or above {IEnergyAuction.MAX_PRICE}.
    error BadPriceCap(uint256 priceCap);

    /// @notice The challenge window is shorter than {IEnergyAuction.MIN_CHALLENGE_WINDOW} or
    /// longer than {IEnergyAuction.MAX_CHALLENGE_WINDOW}.
    error BadChallengeWindow(uint256 window);

    // ---------------------------------------------------------------- commit and reveal

    /// @notice `account` holds none of GENERATOR, RETAILER, CONSUMER here, or is frozen, or its
    /// member is not active.
    error NotMarketParticipant(address account);

    /// @notice Order slot `slot` is not below {IEnergyAuction.MAX_SLOTS}.
    error BadSlot(uint8 slot);

    /// @notice The commit phase of `period` ended at `deadline` (or the slot is revealed).
    error CommitClosed(uint64 period, uint64 deadline);

    /// @notice The auction of `period` holds `orderCap` commitments already.
    error OrderCapReached(uint64 period, uint256 orderCap);

    /// @notice Reveals of `period` run from after `opensAfter` until `closesAt`; not now.
    error NotRevealPhase(uint64 period, uint64 opensAfter, uint64 closesAt);

    /// @notice `bidder` has no unrevealed commitment in slot `slot` of `period`.
    error NoCommitment(uint64 period, address bidder, uint8 slot);

    /// @notice Slot `slot` of `bidder` in `period` was revealed already: a reveal counts once.
    error AlreadyRevealed(uint64 period, address bidder, uint8 slot);

    /// @notice The revealed order does not hash to the commitment of that slot.
    error CommitmentMismatch(uint64 period, address bidder, uint8 slot);

    /// @notice `side` is neither 0 (bid) nor 1 (offer).
    error BadSide(uint8 side);

    /// @notice A quantity must be 1..2^32-1 kWh.
    error BadQuantity(uint256 quantity);

    /// @notice A limit price must be 1..`priceCap` cents per MWh.
    error BadPrice(uint256 price, uint256 priceCap);

    /// @notice `account`'s roles do not allow this side: offers need GENERATOR or RETAILER,
    /// bids need RETAILER or CONSUMER.
    error SideNotAllowed(address account, uint8 side);

    // ---------------------------------------------------------------- posting the result

    /// @notice The result of `period` can be posted only after its reveal deadline `revealDeadline`.
    error RevealNotOver(uint64 period, uint64 revealDeadline);

    /// @notice The result of `period` is sealed (in its challenge window or final): void it by
    /// challenge, or it stands.
    error AlreadySealed(uint64 period);

    /// @notice A page of `period` must start at order `expected` (where the posting stands), not `from`.
    error WrongPage(uint64 period, uint256 from, uint256 expected);

    /// @notice A page ends at `end`, past the `revealed` orders of `period`.
    error PageOutOfRange(uint64 period, uint256 end, uint256 revealed);

    /// @notice A later page names price `given` while the posting started with `posted`.
    error PriceMismatch(uint64 period, uint256 posted, uint256 given);

    /// @notice The clearing price `price` is above the auction's cap `priceCap`.
    error PriceAboveCap(uint256 price, uint256 priceCap);

    /// @notice Order `index` is given `accepted` kWh, more than its `quantity`.
    error AcceptedAboveQuantity(uint256 index, uint256 accepted, uint256 quantity);

    /// @notice Order `index` is out of the money at the price (or the price is 0) yet gets `accepted` kWh.
    error WrongSideAccepted(uint256 index, uint256 accepted);

    /// @notice Order `index` is strictly in the money but gets `accepted` of its `quantity` kWh.
    error NotFilled(uint256 index, uint256 accepted, uint256 quantity);

    /// @notice The seal found `demand` kWh bought against `supply` kWh sold.
    error Unbalanced(uint256 demand, uint256 supply);

    /// @notice At `price` the supply below it (`supplyBelow`) already covers the demand at or
    /// above it (`demandAtOrAbove`): a lower price clears.
    error PriceNotLowest(uint256 price, uint256 supplyBelow, uint256 demandAtOrAbove);

    /// @notice Nothing trades at `price`: a book without a crossing is posted with price 0.
    error NoTradeAtPrice(uint256 price);

    /// @notice Only `posted` of the `revealed` orders of `period` are posted: the seal needs all.
    error PostingIncomplete(uint64 period, uint256 posted, uint256 revealed);

    // ---------------------------------------------------------------- challenge and final

    /// @notice `period` has no sealed result to challenge.
    error NotSealed(uint64 period);

    /// @notice The challenge window of `period` closed at `closedAt`: its result is final.
    error ChallengeWindowClosed(uint64 period, uint64 closedAt);

    /// @notice The order indices of a challenge are not revealed orders of `period` in the
    /// order the rule needs.
    error BadChallengeIndex(uint64 period, uint256 first, uint256 second);

    /// @notice Rule `rule` holds for orders `first`, `second` of `period`'s result: no violation.
    error NoViolation(uint64 period, uint8 rule, uint256 first, uint256 second);

    /// @notice The result of `period` is not final yet (not sealed, or its window still open).
    error NotFinal(uint64 period);
}
