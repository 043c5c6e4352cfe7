// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";

/// @title KitModule
/// @notice Test-only module that exposes each check of the module kit ({ConsortiumModule}) as
/// an entry point, so the kit is tested once here rather than through every system. Not
/// deployed in production.
contract KitModule is ConsortiumModule {
    /// @notice A guarded entry point let `by` through.
    event Passed(address indexed by);

    constructor(address consortium_) ConsortiumModule(consortium_) {}

    /// @notice Guarded by _checkOperator.
    function operatorOnly() external {
        _checkOperator();
        emit Passed(msg.sender);
    }

    /// @notice Guarded by _checkMemberAdmin(memberId).
    function memberAdminOnly(uint64 memberId) external {
        _checkMemberAdmin(memberId);
        emit Passed(msg.sender);
    }

    /// @notice Guarded by whenNotPaused.
    function pausable() external whenNotPaused {
        emit Passed(msg.sender);
    }

    /// @notice _checkMemberAccount(account).
    function checkMemberAccount(address account) external view {
        _checkMemberAccount(account);
    }

    /// @notice _checkKnownMember(memberId).
    function checkKnownMember(uint64 memberId) external view {
        _checkKnownMember(memberId);
    }

    /// @notice _checkNotPaused().
    function checkNotPaused() external view {
        _checkNotPaused();
    }

    /// @notice _requireMemberOf(account).
    function requireMemberOf(address account) external view returns (uint64) {
        return _requireMemberOf(account);
    }

    /// @notice _memberOf(account).
    function memberOfAccount(address account) external view returns (uint64) {
        return _memberOf(account);
    }

    /// @notice _isActiveMember(memberId).
    function activeMember(uint64 memberId) external view returns (bool) {
        return _isActiveMember(memberId);
    }

    /// @notice _isFrozen(account).
    function frozenHere(address account) external view returns (bool) {
        return _isFrozen(account);
    }
}
