// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessWord} from "./AccessWord.sol";

/// @title Roles
/// @notice Role ids of the consortium. A role is a bit in a 256-bit access word, so a module
/// answers "may this account do X?" with one storage read.
/// @dev Bit 0 is not grantable: the consortium sets it on every account of an active member.
/// Bits 0..127 are consortium roles; bits 128..255 belong to each module (bit 255 is the
/// regulator's freeze), so a module keeps per-account flags in the word it already reads.
/// The word's layout lives in {AccessWord}; this library names the role ids.
/// Families follow the consortium governance model: business operation, platform operation,
/// ops/development, supervision.
library Roles {
    /// @notice Set on every account of an active member (implicit, never granted).
    uint8 internal constant MEMBER = AccessWord.MEMBER_ROLE;

    // Business operation (业务操作)
    uint8 internal constant CERT_ISSUER = 1;
    uint8 internal constant MARKET_OPERATOR = 2;
    uint8 internal constant SETTLEMENT_AGENT = 3;
    uint8 internal constant METER_OPERATOR = 4;
    uint8 internal constant GENERATOR = 5;
    uint8 internal constant RETAILER = 6;
    uint8 internal constant CONSUMER = 7;
    uint8 internal constant FUNDER = 8;
    uint8 internal constant CORE_ENTERPRISE = 9;
    uint8 internal constant SUPPLIER = 10;
    uint8 internal constant TOKEN_ISSUER = 11;
    // Platform operation (平台运营)
    uint8 internal constant PLATFORM_OPERATOR = 12;
    // Supervision and audit (监管权限)
    uint8 internal constant REGULATOR = 13;
    uint8 internal constant AUDITOR = 14;
    // Operations and development (运维开发)
    uint8 internal constant NODE_OPERATOR = 15;

    /// @notice Highest role id governance may grant; bits above belong to modules.
    uint8 internal constant MAX_ROLE = AccessWord.MAX_ROLE;
    /// @notice Bits a module owns in its mirror of an access word (128..255): {AccessWord.MODULE_BITS}.
    uint256 internal constant MODULE_BITS = AccessWord.MODULE_BITS;
    /// @notice Module-local flag: the account is frozen by the regulator in that module
    /// ({AccessWord.FROZEN_BIT}).
    uint256 internal constant FROZEN_BIT = AccessWord.FROZEN_BIT;

    /// @notice The bit of `role` in an access word.
    /// @dev Written out rather than calling AccessWord.bit: the nested internal call costs gas
    /// on every guarded call.
    function bit(uint8 role) internal pure returns (uint256) {
        return uint256(1) << role;
    }
}
