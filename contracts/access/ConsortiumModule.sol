// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumGoverned} from "./ConsortiumGoverned.sol";
import {IConsortiumModule} from "./IConsortiumModule.sol";
import {IConsortiumDirectory} from "./IConsortiumDirectory.sol";
import {AccessWord} from "./AccessWord.sol";
import {Roles} from "./Roles.sol";

/// @title ConsortiumModule
/// @notice The module kit: what every system the consortium governs needs besides its own
/// logic. On top of {ConsortiumGoverned} (the mirrored access words, pause, freeze) it reads
/// the consortium's directory and checks the two callers every system has: the platform
/// operator and a member's admin. Its refusals are the shared ones of {IConsortiumErrors}.
/// @dev Checks that decide on the mirror cost one SLOAD and no call; checks that need the
/// directory (member of an account, admins, whether a member is active) make view calls into the
/// consortium, so they belong off the hot path. The consortium itself passes the operator and
/// admin checks: an executed CallModule proposal may do whatever either may.
abstract contract ConsortiumModule is ConsortiumGoverned, IConsortiumModule {
    uint256 private constant OPERATOR_BIT = uint256(1) << Roles.PLATFORM_OPERATOR;

    constructor(address consortium_) ConsortiumGoverned(consortium_) {}

    // ---------------------------------------------------------------- checks on the mirror

    /// @dev The caller is the consortium or an unfrozen PLATFORM_OPERATOR here, else NotOperator.
    function _checkOperator() internal view {
        if (msg.sender == consortium) return;
        if (_accessWord(msg.sender) & (OPERATOR_BIT | AccessWord.FROZEN_BIT) != OPERATOR_BIT) {
            revert NotOperator(msg.sender);
        }
    }

    /// @dev `account` belongs to an active member and is not frozen here, else NotMemberAccount.
    function _checkMemberAccount(address account) internal view {
        if (_accessWord(account) & (AccessWord.MEMBER_BIT | AccessWord.FROZEN_BIT) != AccessWord.MEMBER_BIT) {
            revert NotMemberAccount(account);
        }
    }

    // ---------------------------------------------------------------- checks on the directory

    /// @dev The caller is the consortium or an admin account of member `memberId`, else
    /// NotMemberAdmin(caller, memberId); the member must be Active (InactiveMember) and the
    /// caller not frozen here (NotMemberAccount). Activity is read from the caller's mirrored
    /// MEMBER bit, which the consortium sets exactly while the caller's member is Active: no
    /// extra call, and a module not yet synced refuses (fails closed) rather than trusting a
    /// status it was never told.
    function _checkMemberAdmin(uint64 memberId) internal view {
        if (msg.sender == consortium) return;
        IConsortiumDirectory dir = _directory();
        if (memberId == 0 || !dir.isAdmin(msg.sender) || dir.memberOf(msg.sender) != memberId) {
            revert NotMemberAdmin(msg.sender, memberId);
        }
        _checkActiveWord(_accessWord(msg.sender), memberId);
    }

    /// @dev Refuses a word whose account is frozen here (NotMemberAccount) or whose member
    /// `memberId` is not Active (InactiveMember); for callers already shown to belong to it.
    function _checkActiveWord(uint256 word, uint64 memberId) internal view {
        if (word & AccessWord.FROZEN_BIT != 0) revert NotMemberAccount(msg.sender);
        if (word & AccessWord.MEMBER_BIT == 0) revert InactiveMember(memberId);
    }

    /// @dev `memberId` was admitted at some point (whatever its status now), else UnknownMember.
    function _checkKnownMember(uint64 memberId) internal view {
        if (memberId == 0 || memberId > _directory().memberCount()) revert UnknownMember(memberId);
    }

    /// @dev The member `account` belongs to, or NotMemberAccount if none.
    function _requireMemberOf(address account) internal view returns (uint64 memberId) {
        memberId = _directory().memberOf(account);
        if (memberId == 0) revert NotMemberAccount(account);
    }

    /// @dev The member `account` belongs to (0: none).
    function _memberOf(address account) internal view returns (uint64) {
        return _directory().memberOf(account);
    }

    /// @dev Whether member `memberId` is Active (false for an id never admitted).
    function _isActiveMember(uint64 memberId) internal view returns (bool) {
        return _directory().isActiveMember(memberId);
    }

    /// @dev The consortium, seen through the part of its ABI modules read.
    function _directory() internal view returns (IConsortiumDirectory) {
        return IConsortiumDirectory(consortium);
    }
}
