// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IConsortiumDirectory
/// @notice The public getters of `Consortium` that the certificate modules read off the hot
/// path: which member an account belongs to, whether it is one of the member's admins, and the
/// accounts of a member. Declared here so that the certificate system depends only on the
/// Consortium's public ABI, not on its source.
interface IConsortiumDirectory {
    /// @notice The member an account belongs to (0: none).
    function memberOf(address account) external view returns (uint64);

    /// @notice Whether an account may act for its member.
    function isAdmin(address account) external view returns (bool);

    /// @notice All accounts of a member.
    function accountsOf(uint64 memberId) external view returns (address[] memory);

    /// @notice Number of members ever admitted (ids run from 1 to this).
    function memberCount() external view returns (uint256);
}
