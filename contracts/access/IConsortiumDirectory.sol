// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IConsortiumDirectory
/// @notice The part of the consortium's public ABI a module reads off its hot path: which
/// member an account belongs to, whether it acts for that member, whether a member is active
/// and its accounts. A module depends on this interface only, never on Consortium's source.
/// @dev `IConsortium` extends it, so the compiler holds Consortium to it.
interface IConsortiumDirectory {
    /// @notice The member an account belongs to (0: none).
    /// @param account any address
    /// @return memberId the member's id, or 0
    function memberOf(address account) external view returns (uint64 memberId);

    /// @notice Whether an account may act for its member (vote, propose, manage accounts).
    /// @param account any address
    /// @return admin true for an admin account of some member
    function isAdmin(address account) external view returns (bool admin);

    /// @notice Whether a member is Active: only an active member's accounts hold roles, vote or
    /// act for it (a suspended or expelled member's accounts are mirrored as word 0).
    /// @param memberId any id (false for one never admitted)
    /// @return active true while the member is Active
    function isActiveMember(uint64 memberId) external view returns (bool active);

    /// @notice All accounts of a member (at most MAX_ACCOUNTS_PER_MEMBER).
    /// @param memberId the member's id
    /// @return accounts in no particular order
    function accountsOf(uint64 memberId) external view returns (address[] memory accounts);

    /// @notice Number of members ever admitted (ids run from 1 to this).
    /// @return count the highest member id
    function memberCount() external view returns (uint256 count);
}
