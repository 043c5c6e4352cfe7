// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title AuctionLayout
/// @notice The two packed words of the auction, in one place.
///
/// Order word (one per revealed order; the posting rewrites only `accepted`):
///   bits   0-159  bidder
///   bits 160-191  quantity, kWh
///   bits 192-223  accepted, kWh (of the current posting)
///   bits 224-247  limit price, cents per MWh
///   bits 248-255  side (0 bid, 1 offer)
///
/// Slot word (one per bidder and order slot):
///   0                               empty
///   committed: bits 0-63 the commit deadline (never 0), bits 64-255 the commitment's first 24 bytes
///   revealed:  bits 0-63 zero, bits 64-79 the order index + 1
/// @dev The amendment path reads only the slot word (its own deadline) and the pause flag.
/// Keeping 24 bytes of the hash leaves 2^96 work to find two orders with one commitment.
library AuctionLayout {
    uint256 internal constant QUANTITY_SHIFT = 160;
    uint256 internal constant ACCEPTED_SHIFT = 192;
    uint256 internal constant PRICE_SHIFT = 224;
    uint256 internal constant SIDE_SHIFT = 248;
    uint256 internal constant U32 = 0xffffffff;
    uint256 internal constant U24 = 0xffffff;
    uint256 internal constant ACCEPTED_MASK = U32 << ACCEPTED_SHIFT;
    uint256 internal constant DEADLINE_MASK = 0xffffffffffffffff;
    uint256 internal constant DIGEST_SHIFT = 64;

    function packOrder(
        address bidder_,
        uint256 side_,
        uint256 quantity_,
        uint256 price_
    ) internal pure returns (uint256) {
        return
            uint256(uint160(bidder_)) | (quantity_ << QUANTITY_SHIFT) | (price_ << PRICE_SHIFT) | (side_ << SIDE_SHIFT);
    }

    function bidder(uint256 word) internal pure returns (address) {
        return address(uint160(word));
    }

    function quantity(uint256 word) internal pure returns (uint256) {
        return (word >> QUANTITY_SHIFT) & U32;
    }

    function accepted(uint256 word) internal pure returns (uint256) {
        return (word >> ACCEPTED_SHIFT) & U32;
    }

    function price(uint256 word) internal pure returns (uint256) {
        return (word >> PRICE_SHIFT) & U24;
    }

    function side(uint256 word) internal pure returns (uint256) {
        return word >> SIDE_SHIFT;
    }

    function withAccepted(uint256 word, uint256 value) internal pure returns (uint256) {
        return (word & ~ACCEPTED_MASK) | (value << ACCEPTED_SHIFT);
    }

    function committed(bytes32 commitment, uint256 deadline_) internal pure returns (uint256) {
        return ((uint256(commitment) >> DIGEST_SHIFT) << DIGEST_SHIFT) | deadline_;
    }

    function revealed(uint256 index) internal pure returns (uint256) {
        return (index + 1) << DIGEST_SHIFT;
    }

    function deadline(uint256 slotWord) internal pure returns (uint64) {
        return uint64(slotWord);
    }

    function digestMatches(uint256 slotWord, bytes32 commitment) internal pure returns (bool) {
        return slotWord >> DIGEST_SHIFT == uint256(commitment) >> DIGEST_SHIFT;
    }

    function revealedIndex(uint256 slotWord) internal pure returns (uint256) {
        return (slotWord >> DIGEST_SHIFT) - 1;
    }
}
