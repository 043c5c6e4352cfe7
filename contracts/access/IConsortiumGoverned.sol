// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IConsortiumGoverned
/// @notice What every system governed by the consortium exposes: a local mirror of the
/// consortium's access words, pushed by the consortium, plus the regulator's pause and freeze.
/// @dev An access word (layout in {AccessWord}): bits 0..127 are consortium roles (bit 0:
/// member of an active member), bits 128..254 belong to the module, bit 255 is the freeze.
interface IConsortiumGoverned {
    // ---------------------------------------------------------------- events

    /// @notice The consortium pushed new roles for `account` (bits 0..127 of its access word).
    /// @param account the account whose word changed
    /// @param roles the pushed roles; the module's own bits and the freeze are kept
    event AccessUpdated(address indexed account, uint256 roles);

    /// @notice The module was paused (`paused` true) or resumed by `by`.
    /// @param paused the new state
    /// @param by the regulator, or the consortium through an executed proposal
    /// @param reason why, for the audit trail
    event PauseChanged(bool paused, address indexed by, string reason);

    /// @notice `account` was frozen (`frozen` true) or unfrozen in this module by `by`.
    /// @param account the account
    /// @param frozen the new state
    /// @param by the regulator, or the consortium through an executed proposal
    /// @param reason why, for the audit trail
    event FreezeChanged(address indexed account, bool frozen, address indexed by, string reason);

    /// @notice The consortium unregistered this module: it is paused for good and no regulator
    /// acts on it any more (its mirror no longer follows the consortium).
    /// @param by the consortium
    event Retirement(address indexed by);

    // ---------------------------------------------------------------- errors

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

    /// @notice The consortium unregistered this module: it stays paused, and pause, unpause,
    /// freeze and unfreeze are refused (a regulator's role here is a stale copy).
    error Retired();

    // ---------------------------------------------------------------- functions

    /// @notice Replace the mirrored roles (bits 0..127) of `accounts`; each account's module
    /// bits and freeze stay. Only the consortium calls this.
    /// @param accounts the accounts to update
    /// @param roles their access words, as Consortium.accessOf returns them
    function applyAccess(address[] calldata accounts, uint256[] calldata roles) external;

    /// @notice Stop every state-changing entry point of this module.
    /// @dev REGULATOR, or the consortium itself through an executed CallModule proposal.
    /// @param reason why, recorded in the event for the audit trail
    function pause(string calldata reason) external;

    /// @notice Resume the module after a pause. Same callers as {pause}; never once retired.
    /// @param reason why, recorded in the event
    function unpause(string calldata reason) external;

    /// @notice Freeze `account` in this module: it keeps its roles but can use none of them here.
    /// Same callers as {pause}.
    /// @param account the account to freeze
    /// @param reason why, recorded in the event
    function freeze(address account, string calldata reason) external;

    /// @notice Lift a freeze set by {freeze}. Same callers as {pause}.
    /// @param account the account to unfreeze
    /// @param reason why, recorded in the event
    function unfreeze(address account, string calldata reason) external;

    /// @notice Called by the consortium as it unregisters this module: pause it for good, since
    /// suspensions, revocations and pauses no longer reach it (fail closed). Only the consortium.
    function retire() external;

    /// @notice Whether the consortium unregistered this module (then it is paused for good).
    /// @return true once retired
    function retired() external view returns (bool);

    /// @notice The consortium contract this module obeys.
    /// @return the consortium's address, fixed at deployment
    function consortium() external view returns (address);

    /// @notice Whether the module is paused.
    /// @return true while paused
    function paused() external view returns (bool);

    /// @notice Whether `account` is frozen in this module.
    /// @param account any address
    /// @return true while frozen here
    function isFrozen(address account) external view returns (bool);

    /// @notice Whether `account` may act as `role` here now (holds it and is not frozen).
    /// @param account any address
    /// @param role a role id; ids above 127 (module bits, the freeze) are never roles
    /// @return true if the account may use the role here
    function hasRole(address account, uint8 role) external view returns (bool);

    /// @notice The raw mirrored access word of `account` (layout in {AccessWord}).
    /// @param account any address
    /// @return the word: roles, this module's bits, the freeze flag
    function accessWord(address account) external view returns (uint256);
}
