// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title AccessWord
/// @notice The layout of the 256-bit access word every module mirrors per account, in one place.
///
///   bit 255      FROZEN   set by the regulator in one module; masks every role there
///   bits 128-254 module   the module's own per-account flags (e.g. an issuer key's entries)
///   bits 1-127   roles    consortium roles granted by proposals (ids in {Roles})
///   bit 0        MEMBER   set by the consortium on every account of an active member
///
/// @dev Every constant is a literal so that the library's own assembly can name it; code
/// outside the library copies one into a local first (inline assembly cannot read
/// `AccessWord.X`). lib/access/roles.ts mirrors this table (ACCESS_WORD) and
/// test/access/access-word.test.ts holds the two to the same bits.
library AccessWord {
    /// @notice Role id of the implicit membership bit.
    uint8 internal constant MEMBER_ROLE = 0;
    /// @notice The membership bit: set iff the account's member is Active.
    uint256 internal constant MEMBER_BIT = 0x1;
    /// @notice Highest role id: bits 0..127 are consortium roles.
    uint8 internal constant MAX_ROLE = 127;
    /// @notice Bits 0..127: what the consortium pushes (membership and roles).
    uint256 internal constant ROLES_MASK = 0xffffffffffffffffffffffffffffffff;
    /// @notice First bit a module owns.
    uint256 internal constant MODULE_SHIFT = 128;
    /// @notice Bits 128..255: everything a push from the consortium leaves alone.
    uint256 internal constant MODULE_BITS = 0xffffffffffffffffffffffffffffffff00000000000000000000000000000000;
    /// @notice Bits 128..254: the module's own flags, the freeze excluded.
    uint256 internal constant MODULE_FLAGS_MASK = 0x7fffffffffffffffffffffffffffffff00000000000000000000000000000000;
    /// @notice Position of the freeze flag.
    uint256 internal constant FROZEN_SHIFT = 255;
    /// @notice The freeze flag: the regulator froze the account in this module.
    uint256 internal constant FROZEN_BIT = 0x8000000000000000000000000000000000000000000000000000000000000000;

    /// @notice The bit of a role id (no range check: ids above 127 land in module bits).
    function bit(uint8 role) internal pure returns (uint256) {
        return uint256(1) << role;
    }

    /// @notice Whether the word lets its account act as `role`: holds it and is not frozen.
    function holds(uint256 word, uint8 role) internal pure returns (bool) {
        if (role > MAX_ROLE) return false; // module bits and the freeze flag are no roles
        // The shift is written out, not bit(role): a nested internal call costs gas on hot paths.
        uint256 roleBit = uint256(1) << role;
        return word & (roleBit | FROZEN_BIT) == roleBit;
    }

    /// @notice Whether the word carries the freeze flag.
    function isFrozen(uint256 word) internal pure returns (bool) {
        return word & FROZEN_BIT != 0;
    }

    /// @notice Bits 0..127: membership and roles, as the consortium pushed them.
    function roles(uint256 word) internal pure returns (uint256) {
        return word & ROLES_MASK;
    }

    /// @notice Bits 128..254 in place: the module's own flags.
    function moduleFlags(uint256 word) internal pure returns (uint256) {
        return word & MODULE_FLAGS_MASK;
    }

    /// @notice The word after a push of `pushed`: its roles replaced, module flags and freeze kept.
    function withPushed(uint256 word, uint256 pushed) internal pure returns (uint256) {
        return (word & MODULE_BITS) | (pushed & ROLES_MASK);
    }

    /// @notice The word with its module flags replaced by `flags` (bits 128..254 of it); roles
    /// and freeze kept.
    function withModuleFlags(uint256 word, uint256 flags) internal pure returns (uint256) {
        return (word & (ROLES_MASK | FROZEN_BIT)) | (flags & MODULE_FLAGS_MASK);
    }

    /// @notice The word with the freeze flag set or cleared.
    function withFrozen(uint256 word, bool frozen) internal pure returns (uint256) {
        return frozen ? word | FROZEN_BIT : word & ~FROZEN_BIT;
    }

    /// @notice Build a word from its three fields; bits outside each field are dropped.
    /// @param roles_ membership and roles (bits 0..127)
    /// @param flags module flags, in place (bits 128..254)
    /// @param frozen the freeze flag
    function encode(uint256 roles_, uint256 flags, bool frozen) internal pure returns (uint256 word) {
        assembly ("memory-safe") {
            word := or(
                or(and(roles_, ROLES_MASK), and(flags, MODULE_FLAGS_MASK)),
                shl(FROZEN_SHIFT, iszero(iszero(frozen)))
            )
        }
    }
}
