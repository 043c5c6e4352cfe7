// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessWord} from "../access/AccessWord.sol";
import {Roles} from "../access/Roles.sol";

/// @title AccessWordProbe
/// @notice Test-only: exposes the {AccessWord} layout and helpers, and the {Roles} ids, so the
/// TypeScript mirror (lib/access/roles.ts) can be checked against them bit for bit. Not deployed
/// in production.
contract AccessWordProbe {
    /// @notice The layout constants, in AccessWord's order.
    function layout()
        external
        pure
        returns (
            uint8 memberRole,
            uint256 memberBit,
            uint8 maxRole,
            uint256 rolesMask,
            uint256 moduleShift,
            uint256 moduleBits,
            uint256 moduleFlagsMask,
            uint256 frozenShift,
            uint256 frozenBit
        )
    {
        return (
            AccessWord.MEMBER_ROLE,
            AccessWord.MEMBER_BIT,
            AccessWord.MAX_ROLE,
            AccessWord.ROLES_MASK,
            AccessWord.MODULE_SHIFT,
            AccessWord.MODULE_BITS,
            AccessWord.MODULE_FLAGS_MASK,
            AccessWord.FROZEN_SHIFT,
            AccessWord.FROZEN_BIT
        );
    }

    /// @notice The role ids of {Roles}, MEMBER first, in declaration order.
    function roleIds() external pure returns (uint8[16] memory ids) {
        ids = [
            Roles.MEMBER,
            Roles.CERT_ISSUER,
            Roles.MARKET_OPERATOR,
            Roles.SETTLEMENT_AGENT,
            Roles.METER_OPERATOR,
            Roles.GENERATOR,
            Roles.RETAILER,
            Roles.CONSUMER,
            Roles.FUNDER,
            Roles.CORE_ENTERPRISE,
            Roles.SUPPLIER,
            Roles.TOKEN_ISSUER,
            Roles.PLATFORM_OPERATOR,
            Roles.REGULATOR,
            Roles.AUDITOR,
            Roles.NODE_OPERATOR
        ];
    }

    /// @notice Takes each word apart with AccessWord.roles, moduleFlags and isFrozen.
    function decode(
        uint256[] calldata words
    ) external pure returns (uint256[] memory roles, uint256[] memory flags, bool[] memory frozen) {
        roles = new uint256[](words.length);
        flags = new uint256[](words.length);
        frozen = new bool[](words.length);
        for (uint256 i = 0; i < words.length; ++i) {
            roles[i] = AccessWord.roles(words[i]);
            flags[i] = AccessWord.moduleFlags(words[i]);
            frozen[i] = AccessWord.isFrozen(words[i]);
        }
    }

    /// @notice Builds each word with AccessWord.encode.
    function encode(
        uint256[] calldata roles,
        uint256[] calldata flags,
        bool[] calldata frozen
    ) external pure returns (uint256[] memory words) {
        words = new uint256[](roles.length);
        for (uint256 i = 0; i < roles.length; ++i) words[i] = AccessWord.encode(roles[i], flags[i], frozen[i]);
    }

    /// @notice AccessWord.holds of one word for every role id 0..255, as a bitmap (bit r: holds r).
    function holdsMap(uint256 word) external pure returns (uint256 map) {
        for (uint256 r = 0; r < 256; ++r) {
            if (AccessWord.holds(word, uint8(r))) map |= uint256(1) << r;
        }
    }

    /// @notice What a push, a module-flag write and a freeze do to a word.
    function transitions(
        uint256 word,
        uint256 value
    ) external pure returns (uint256 pushed, uint256 withFlags, uint256 frozen, uint256 unfrozen) {
        return (
            AccessWord.withPushed(word, value),
            AccessWord.withModuleFlags(word, value),
            AccessWord.withFrozen(word, true),
            AccessWord.withFrozen(word, false)
        );
    }
}
