// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumGoverned} from "../access/ConsortiumGoverned.sol";
import {Roles} from "../access/Roles.sol";

/// @title GuardedCounter
/// @notice Benchmark fixture: the same hot-path write with and without the consortium's
/// role check, so `npm run bench` can print what the check costs. Not deployed in production.
contract GuardedCounter is ConsortiumGoverned {
    mapping(address => uint256) public readings;

    event Recorded(address indexed by, uint256 value);

    constructor(address consortium_) ConsortiumGoverned(consortium_) {}

    /// @notice Record a value with no access check (the baseline).
    function recordUnguarded(uint256 value) external {
        readings[msg.sender] = value;
        emit Recorded(msg.sender, value);
    }

    /// @notice Record a value as METER_OPERATOR (the guarded hot path).
    function recordGuarded(uint256 value) external onlyRole(Roles.METER_OPERATOR) {
        readings[msg.sender] = value;
        emit Recorded(msg.sender, value);
    }
}
