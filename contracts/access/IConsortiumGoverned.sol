// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IConsortiumGoverned
/// @notice What every system governed by the consortium exposes: a local mirror of the
/// consortium's access words, pushed by the consortium, plus the regulator's pause and freeze.
interface IConsortiumGoverned {
    /// @notice The consortium pushed new roles for `account` (bits 0..127 of its access word).
    event AccessUpdated(address indexed account, uint256 roles);
    /// @notice The module was paused (`paused` true) or resumed by `by`.
    event PauseChanged(bool paused, address indexed by, string reason);
    /// @notice `account` was frozen (`frozen` true) or unfrozen in this module by `by`.
    event FreezeChanged(address indexed account, bool frozen, address indexed by, string reason);

    /// @notice The caller lacks `role` in this module, or is frozen here.
    error AccessDenied(address account, uint8 role);
    /// @notice Only the consortium contract may push access words.
    error NotConsortium(address caller);
    /// @notice The module is paused.
    error ModulePaused();
    /// @notice Pause or unpause asked for the state the module is already in.
    error PauseUnchanged(bool paused);
    /// @notice Freeze or unfreeze asked for the state the account is already in.
    error FreezeUnchanged(address account, bool frozen);
    /// @notice `accounts` and `roles` have different lengths.
    error LengthMismatch(uint256 accounts, uint256 roles);

    /// @notice Replace the mirrored access words of `accounts`. Only the consortium calls this.
    function applyAccess(address[] calldata accounts, uint256[] calldata roles) external;

    /// @notice The consortium contract this module obeys.
    function consortium() external view returns (address);
}
