// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {AccessWord} from "../access/AccessWord.sol";
import {Roles} from "../access/Roles.sol";
import {IEnergyAuction} from "./IEnergyAuction.sol";
import {AuctionLayout} from "./AuctionLayout.sol";
import {ClearingRules} from "./ClearingRules.sol";

/// @title EnergyAuction
/// @notice The sealed-bid uniform-price auction of the electricity market, one per trading
/// period: commit, reveal, post the off-chain clearing, seal, challenge, final. What it offers
/// and the order of events are in {IEnergyAuction}; the clearing rule in {ClearingRules}.
/// @dev Gas design: a first commitment writes one new slot word and bumps the auction's count;
/// an amendment reads and rewrites only its slot word (which carries its own deadline). Each
/// revealed order is one word; posting a result is one pass that reads each order word once,
/// rewrites it only when its accepted quantity changes, and sums the book at the price in
/// memory. No loop runs over anything but a page the caller sends or a bidder's MAX_SLOTS slots.
contract EnergyAuction is ConsortiumModule, IEnergyAuction {
    using AuctionLayout for uint256;

    /// @notice Most orders one auction takes.
    uint16 public constant MAX_ORDER_CAP = 10_000;
    /// @notice Order slots per bidder and auction.
    uint8 public constant MAX_SLOTS = 16;
    /// @notice Highest price cap: 167,772.15 yuan per MWh.
    uint24 public constant MAX_PRICE = type(uint24).max;
    /// @notice Bounds of a challenge window.
    uint32 public constant MIN_CHALLENGE_WINDOW = 60;
    uint32 public constant MAX_CHALLENGE_WINDOW = 30 days;

    /// @notice What a commitment hashes besides the order's own fields.
    bytes32 public constant ORDER_TYPEHASH = keccak256(
        "EnergyAuctionOrder(uint256 chainId,address auction,uint64 period,address bidder,uint8 slot,"
        "uint8 side,uint32 quantityKWh,uint24 priceCentsPerMWh,bytes32 salt)"
    );

    uint256 private constant PARTICIPANT_BITS =
        (uint256(1) << Roles.GENERATOR) | (uint256(1) << Roles.RETAILER) | (uint256(1) << Roles.CONSUMER);
    uint256 private constant SELLER_BITS = (uint256(1) << Roles.GENERATOR) | (uint256(1) << Roles.RETAILER);
    uint256 private constant BUYER_BITS = (uint256(1) << Roles.RETAILER) | (uint256(1) << Roles.CONSUMER);

    uint8 private constant POSTING = 1;
    uint8 private constant SEALED = 2;
    uint8 private constant VOIDED = 3;

    struct Auction {
        uint40 commitDeadline; // 0: no auction
        uint40 revealDeadline;
        uint32 challengeWindow;
        uint24 priceCap;
        uint16 orderCap;
        uint16 committed;
        uint16 revealed;
    }

    /// @dev Two words: the totals, then the rest; a page reads and writes both once.
    struct Result {
        uint64 demandAtOrAbove;
        uint64 demandAbove;
        uint64 supplyAtOrBelow;
        uint64 supplyBelow;
        uint64 acceptedDemand;
        uint64 acceptedSupply;
        uint8 state; // 0 none, POSTING, SEALED, VOIDED
        uint24 price;
        uint16 posted; // orders 0..posted-1 are in
        uint40 sealedAt;
        uint16 voided; // how many postings a challenge voided
    }

    mapping(uint64 period => Auction) private _auctions;
    mapping(uint64 period => Result) private _results;
    /// @dev Order words by reveal index (layout: AuctionLayout).
    mapping(uint64 period => mapping(uint256 index => uint256)) private _orders;
    /// @dev Slot words (layout: AuctionLayout).
    mapping(uint64 period => mapping(address bidder => mapping(uint256 slot => uint256))) private _slots;

    constructor(address consortium_) ConsortiumModule(consortium_) {}

    // ================================================================ operator

    /// @inheritdoc IEnergyAuction
    function openAuction(
        uint64 period,
        uint64 commitDeadline,
        uint64 revealDeadline,
        uint32 challengeWindow,
        uint24 priceCap,
        uint16 orderCap
    ) external whenNotPaused {
        _checkRole(Roles.MARKET_OPERATOR, msg.sender);
        if (_auctions[period].commitDeadline != 0) revert AuctionExists(period);
        if (
            commitDeadline <= block.timestamp || revealDeadline <= commitDeadline || revealDeadline > type(uint40).max
        ) {
            revert BadSchedule(commitDeadline, revealDeadline);
        }
        if (challengeWindow < MIN_CHALLENGE_WINDOW || challengeWindow > MAX_CHALLENGE_WINDOW) {
            revert BadChallengeWindow(challengeWindow);
        }
        if (priceCap == 0) revert BadPriceCap(priceCap);
        if (orderCap == 0 || orderCap > MAX_ORDER_CAP) revert BadOrderCap(orderCap);
        _auctions[period] = Auction({
            commitDeadline: uint40(commitDeadline),
            revealDeadline: uint40(revealDeadline),
            challengeWindow: challengeWindow,
            priceCap: priceCap,
            orderCap: orderCap,
            committed: 0,
            revealed: 0
        });
        emit AuctionOpened(period, commitDeadline, revealDeadline, challengeWindow, priceCap, orderCap, msg.sender);
    }

    /// @inheritdoc IEnergyAuction
    function postResult(uint64 period, uint24 price, uint16 from, uint32[] calldata accepted) external whenNotPaused {
        _checkRole(Roles.MARKET_OPERATOR, msg.sender);
        Auction storage a = _auctions[period];
        uint256 revealed = _requireCleared(a, period);
        if (price > a.priceCap) revert PriceAboveCap(price, a.priceCap);
        Result storage r = _results[period];
        ClearingRules.Totals memory t;
        uint8 state = r.state;
        if (state == SEALED) revert AlreadySealed(period);
        if (from != 0) {
            uint256 expected = state == POSTING ? r.posted : 0;
            if (from != expected) revert WrongPage(period, from, expected);
            if (price != r.price) revert PriceMismatch(period, r.price, price);
            t = _totals(r);
        }
        uint256 end = uint256(from) + accepted.length;
        if (end > revealed) revert PageOutOfRange(period, end, revealed);

        _pass(_orders[period], from, accepted, price, t);

        r.demandAtOrAbove = t.demandAtOrAbove;
        r.demandAbove = t.demandAbove;
        r.supplyAtOrBelow = t.supplyAtOrBelow;
        r.supplyBelow = t.supplyBelow;
        r.acceptedDemand = t.acceptedDemand;
        r.acceptedSupply = t.acceptedSupply;
        r.state = POSTING;
        r.price = price;
        r.posted = uint16(end);
        emit ResultPosted(period, price, from, uint16(accepted.length), msg.sender);
    }

    /// @inheritdoc IEnergyAuction
    function sealResult(uint64 period) external whenNotPaused {
        _checkRole(Roles.MARKET_OPERATOR, msg.sender);
        Auction storage a = _auctions[period];
        uint256 revealed = _requireCleared(a, period);
        Result storage r = _results[period];
        uint8 state = r.state;
        if (state == SEALED) revert AlreadySealed(period);
        uint256 posted = state == POSTING ? r.posted : 0;
        if (state != POSTING || posted != revealed) revert PostingIncomplete(period, posted, revealed);
        ClearingRules.Totals memory t = _totals(r);
        uint24 price = r.price;
        uint8 broken = ClearingRules.bookRule(t, price);
        if (broken == ClearingRules.UNBALANCED) revert Unbalanced(t.acceptedDemand, t.acceptedSupply);
        if (broken == ClearingRules.NOT_LOWEST) revert PriceNotLowest(price, t.supplyBelow, t.demandAtOrAbove);
        if (broken == ClearingRules.NO_TRADE_AT_PRICE) revert NoTradeAtPrice(price);
        r.state = SEALED;
        r.sealedAt = uint40(block.timestamp);
        emit ResultSealed(period, price, t.acceptedDemand, uint64(block.timestamp) + a.challengeWindow, msg.sender);
    }

    // ================================================================ participants

    /// @inheritdoc IEnergyAuction
    function commit(uint64 period, uint8 slot, bytes32 commitment) external whenNotPaused {
        mapping(uint256 => uint256) storage slots = _slots[period][msg.sender];
        uint256 word = slots[slot];
        if (word != 0) {
            // An amendment: the word holds its own deadline, so the auction is not read again.
            uint64 deadline = word.deadline();
            if (deadline == 0) revert AlreadyRevealed(period, msg.sender, slot);
            if (block.timestamp > deadline) revert CommitClosed(period, deadline);
            slots[slot] = AuctionLayout.committed(commitment, deadline);
            emit OrderAmended(period, msg.sender, slot, commitment);
            return;
        }
        if (slot >= MAX_SLOTS) revert BadSlot(slot);
        uint256 access = _accessWord(msg.sender);
        if (
            access & (AccessWord.MEMBER_BIT | AccessWord.FROZEN_BIT) != AccessWord.MEMBER_BIT ||
            access & PARTICIPANT_BITS == 0
        ) {
            revert NotMarketParticipant(msg.sender);
        }
        Auction storage a = _auctions[period];
        uint40 commitDeadline = a.commitDeadline;
        if (commitDeadline == 0) revert UnknownAuction(period);
        if (block.timestamp > commitDeadline) revert CommitClosed(period, commitDeadline);
        uint16 committed = a.committed;
        if (committed >= a.orderCap) revert OrderCapReached(period, a.orderCap);
        a.committed = committed + 1;
        slots[slot] = AuctionLayout.committed(commitment, commitDeadline);
        emit OrderCommitted(period, msg.sender, slot, commitment);
    }

    /// @inheritdoc IEnergyAuction
    function reveal(
        uint64 period,
        uint8 slot,
        uint8 side,
        uint32 quantity,
        uint24 price,
        bytes32 salt
    ) external whenNotPaused {
        Auction storage a = _auctions[period];
        uint64 commitDeadline = a.commitDeadline;
        if (commitDeadline == 0) revert UnknownAuction(period);
        if (block.timestamp <= commitDeadline || block.timestamp > a.revealDeadline) {
            revert NotRevealPhase(period, commitDeadline, a.revealDeadline);
        }
        mapping(uint256 => uint256) storage slots = _slots[period][msg.sender];
        uint256 word = slots[slot];
        if (word == 0) revert NoCommitment(period, msg.sender, slot);
        if (word.deadline() == 0) revert AlreadyRevealed(period, msg.sender, slot);
        if (!word.digestMatches(_commitment(period, msg.sender, slot, side, quantity, price, salt))) {
            revert CommitmentMismatch(period, msg.sender, slot);
        }
        if (side > ClearingRules.OFFER) revert BadSide(side);
        if (quantity == 0) revert BadQuantity(quantity);
        if (price == 0 || price > a.priceCap) revert BadPrice(price, a.priceCap);
        uint256 access = _accessWord(msg.sender);
        if (
            access & (AccessWord.MEMBER_BIT | AccessWord.FROZEN_BIT) != AccessWord.MEMBER_BIT ||
            access & PARTICIPANT_BITS == 0
        ) {
            revert NotMarketParticipant(msg.sender);
        }
        if (access & (side == ClearingRules.OFFER ? SELLER_BITS : BUYER_BITS) == 0)
            revert SideNotAllowed(msg.sender, side);
        uint16 index = a.revealed;
        a.revealed = index + 1;
        _orders[period][index] = AuctionLayout.packOrder(msg.sender, side, quantity, price);
        slots[slot] = AuctionLayout.revealed(index);
        emit OrderRevealed(period, msg.sender, slot, index, side, quantity, price);
    }

    // ================================================================ anyone

    /// @inheritdoc IEnergyAuction
    function challenge(uint64 period, Rule rule, uint16 first, uint16 second) external {
        Auction storage a = _auctions[period];
        Result storage r = _results[period];
        if (r.state != SEALED) revert NotSealed(period);
        uint64 closes = uint64(r.sealedAt) + a.challengeWindow;
        if (block.timestamp > closes) revert ChallengeWindowClosed(period, closes);
        uint256 revealed = a.revealed;
        bool pair = rule == Rule.RemainderOrder || rule == Rule.CrossingIgnored;
        bool book = uint8(rule) >= uint8(Rule.Unbalanced);
        if (
            !book &&
            (first >= revealed || (pair && (second >= revealed || (rule == Rule.RemainderOrder && first >= second))))
        ) {
            revert BadChallengeIndex(period, first, second);
        }
        if (!_breaks(period, r, rule, first, second)) revert NoViolation(period, uint8(rule), first, second);
        r.state = VOIDED;
        r.voided += 1;
        emit ResultVoided(period, msg.sender, rule, first, second);
    }

    // ================================================================ views

    /// @inheritdoc IEnergyAuction
    function commitmentOf(
        uint64 period,
        address bidder,
        uint8 slot,
        uint8 side,
        uint32 quantity,
        uint24 price,
        bytes32 salt
    ) external view returns (bytes32) {
        return _commitment(period, bidder, slot, side, quantity, price, salt);
    }

    /// @inheritdoc IEnergyAuction
    function phaseOf(uint64 period) public view returns (Phase) {
        Auction storage a = _auctions[period];
        if (a.commitDeadline == 0) return Phase.None;
        if (block.timestamp <= a.commitDeadline) return Phase.Commit;
        if (block.timestamp <= a.revealDeadline) return Phase.Reveal;
        Result storage r = _results[period];
        if (r.state != SEALED) return Phase.Clearing;
        return block.timestamp <= uint256(r.sealedAt) + a.challengeWindow ? Phase.Challenge : Phase.Final;
    }

    /// @inheritdoc IEnergyAuction
    function auctionOf(uint64 period) external view returns (AuctionView memory) {
        Auction storage a = _auctions[period];
        return
            AuctionView({
                commitDeadline: a.commitDeadline,
                revealDeadline: a.revealDeadline,
                challengeWindow: a.challengeWindow,
                priceCap: a.priceCap,
                orderCap: a.orderCap,
                committed: a.committed,
                revealed: a.revealed
            });
    }

    /// @inheritdoc IEnergyAuction
    function resultOf(uint64 period) external view returns (ResultView memory) {
        Result storage r = _results[period];
        return
            ResultView({
                phase: phaseOf(period),
                price: r.price,
                posted: r.state == POSTING || r.state == SEALED ? r.posted : 0,
                sealedAt: r.state == SEALED ? r.sealedAt : 0,
                voided: r.voided,
                demandAtOrAbove: r.demandAtOrAbove,
                demandAbove: r.demandAbove,
                supplyAtOrBelow: r.supplyAtOrBelow,
                supplyBelow: r.supplyBelow,
                acceptedDemand: r.acceptedDemand,
                acceptedSupply: r.acceptedSupply
            });
    }

    /// @inheritdoc IEnergyAuction
    function orderAt(uint64 period, uint16 index) external view returns (OrderView memory) {
        uint256 word = _orders[period][index];
        return
            OrderView({
                bidder: word.bidder(),
                side: uint8(word.side()),
                quantity: uint32(word.quantity()),
                price: uint24(word.price()),
                accepted: uint32(word.accepted())
            });
    }

    /// @inheritdoc IEnergyAuction
    function slotOf(
        uint64 period,
        address bidder,
        uint8 slot
    ) external view returns (uint8 state, uint64 commitDeadline, bytes24 digest, uint16 index) {
        uint256 word = _slots[period][bidder][slot];
        if (word == 0) return (0, 0, bytes24(0), 0);
        if (word.deadline() == 0) return (2, 0, bytes24(0), uint16(word.revealedIndex()));
        return (
            1,
            word.deadline(),
            bytes24(bytes32((word >> AuctionLayout.DIGEST_SHIFT) << AuctionLayout.DIGEST_SHIFT)),
            0
        );
    }

    /// @inheritdoc IEnergyAuction
    function clearedOf(
        uint64 period,
        address participant
    ) external view returns (uint64 bought, uint64 sold, uint24 price) {
        if (phaseOf(period) != Phase.Final) revert NotFinal(period);
        mapping(uint256 => uint256) storage slots = _slots[period][participant];
        mapping(uint256 => uint256) storage orders = _orders[period];
        for (uint256 s = 0; s < MAX_SLOTS; ++s) {
            uint256 word = slots[s];
            if (word == 0 || word.deadline() != 0) continue; // empty or never revealed
            uint256 order = orders[word.revealedIndex()];
            if (order.side() == ClearingRules.BID) bought += uint64(order.accepted());
            else sold += uint64(order.accepted());
        }
        price = _results[period].price;
    }

    // ================================================================ internals

    function _commitment(
        uint64 period,
        address bidder,
        uint8 slot,
        uint8 side,
        uint32 quantity,
        uint24 price,
        bytes32 salt
    ) private view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    ORDER_TYPEHASH,
                    block.chainid,
                    address(this),
                    period,
                    bidder,
                    slot,
                    side,
                    quantity,
                    price,
                    salt
                )
            );
    }

    /// @dev The posting's one pass over a page: each order word read once, checked against the
    /// rules that need only the price, summed into `t`, rewritten only if its accepted changes.
    function _pass(
        mapping(uint256 => uint256) storage orders,
        uint256 from,
        uint32[] calldata accepted,
        uint256 price,
        ClearingRules.Totals memory t
    ) private {
        for (uint256 i = 0; i < accepted.length; ++i) {
            uint256 index = from + i;
            uint256 word = orders[index];
            uint256 acc = accepted[i];
            uint256 quantity = word.quantity();
            if (acc > quantity) revert AcceptedAboveQuantity(index, acc, quantity);
            uint256 side = word.side();
            uint256 limit = word.price();
            uint8 broken = ClearingRules.priceRule(side, quantity, limit, acc, price);
            if (broken == ClearingRules.WRONG_SIDE) revert WrongSideAccepted(index, acc);
            if (broken == ClearingRules.NOT_FILLED) revert NotFilled(index, acc, quantity);
            ClearingRules.add(t, side, quantity, limit, acc, price);
            if (acc != word.accepted()) orders[index] = word.withAccepted(acc);
        }
    }

    /// @dev The auction exists and its reveals are over; returns how many orders were revealed.
    function _requireCleared(Auction storage a, uint64 period) private view returns (uint256) {
        uint40 revealDeadline = a.revealDeadline;
        if (revealDeadline == 0) revert UnknownAuction(period);
        if (block.timestamp <= revealDeadline) revert RevealNotOver(period, revealDeadline);
        return a.revealed;
    }

    function _totals(Result storage r) private view returns (ClearingRules.Totals memory) {
        return
            ClearingRules.Totals({
                demandAtOrAbove: r.demandAtOrAbove,
                demandAbove: r.demandAbove,
                supplyAtOrBelow: r.supplyAtOrBelow,
                supplyBelow: r.supplyBelow,
                acceptedDemand: r.acceptedDemand,
                acceptedSupply: r.acceptedSupply
            });
    }

    function _unpack(uint256 word) private pure returns (ClearingRules.Order memory) {
        return
            ClearingRules.Order({
                side: word.side(),
                quantity: word.quantity(),
                limit: word.price(),
                accepted: word.accepted()
            });
    }

    /// @dev Whether the sealed result breaks `rule` at the named orders: every rule is O(1) here
    /// because the posting's pass stored the totals.
    function _breaks(
        uint64 period,
        Result storage r,
        Rule rule,
        uint16 first,
        uint16 second
    ) private view returns (bool) {
        ClearingRules.Totals memory t = _totals(r);
        uint256 price = r.price;
        if (uint8(rule) >= uint8(Rule.Unbalanced)) return ClearingRules.bookRule(t, price) == uint8(rule);
        uint256 a = _orders[period][first];
        if (rule == Rule.RemainderOrder) {
            return ClearingRules.remainderBroken(t, price, _unpack(a), _unpack(_orders[period][second]));
        }
        if (rule == Rule.CrossingIgnored) {
            uint256 b = _orders[period][second];
            return ClearingRules.crossingIgnored(price, a.side(), a.price(), b.side(), b.price());
        }
        if (rule == Rule.None) return false;
        return ClearingRules.orderRule(t, a.side(), a.quantity(), a.price(), a.accepted(), price) == uint8(rule);
    }
}
