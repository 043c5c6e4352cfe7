// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {Roles} from "../access/Roles.sol";

/// @title DummyModule
/// @notice Test-only module: a minimal system governed by the consortium, used to exercise
/// module registration, CallModule and access pushes. Not deployed in production.
contract DummyModule is ConsortiumModule {
    uint256 public value;
    address public lastCaller;

    event ValueSet(uint256 value, address indexed by);

    error Refused(uint256 code);

    constructor(address consortium_) ConsortiumModule(consortium_) {}

    /// @notice Anyone may set the value; records the caller (used by CallModule tests).
    function setValue(uint256 value_) external whenNotPaused returns (uint256) {
        value = value_;
        lastCaller = msg.sender;
        emit ValueSet(value_, msg.sender);
        return value_ * 2;
    }

    /// @notice Always reverts with a custom error (used to test ModuleCallFailed).
    function fail(uint256 code) external pure {
        revert Refused(code);
    }

    /// @notice A PLATFORM_OPERATOR-only entry point.
    function operate(uint256 value_) external onlyRole(Roles.PLATFORM_OPERATOR) whenNotPaused {
        value = value_;
        lastCaller = msg.sender;
    }
}
