// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IConsortiumErrors
/// @notice The refusals about members, their accounts and the platform operator that the
/// consortium and every module it governs share, declared once so that each name has one
/// signature across the codebase (like OpenZeppelin's IERC6093 for tokens).
/// @dev A system's own refusals live in its own interface. Member ids are uint64 everywhere,
/// as the consortium numbers them; a module that packs a member id narrower widens it here.
interface IConsortiumErrors {
    /// @notice No member has id `memberId` (0, or above the number ever admitted).
    error UnknownMember(uint64 memberId);

    /// @notice `account` is not an account of an active member (or is frozen in this module).
    error NotMemberAccount(address account);

    /// @notice `account` is not an admin of member `memberId` (0: of no member at all).
    error NotMemberAdmin(address account, uint64 memberId);

    /// @notice Member `memberId` is suspended or expelled (or this module was never told it is
    /// active): none of its accounts acts for it here, on any path.
    error InactiveMember(uint64 memberId);

    /// @notice Only the consortium (an executed proposal) or an unfrozen PLATFORM_OPERATOR may
    /// do this; `account` is neither.
    error NotOperator(address account);
}
