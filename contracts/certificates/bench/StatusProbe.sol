// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title StatusProbe
/// @notice Benchmark fixture, not deployed in production: measures the gas of one read-only
/// call made from a contract, as another contract on chain would pay it (the callee's account
/// is cold on first touch, as are the slots it reads). Used with eth_call: nothing is stored.
contract StatusProbe {
    /// @notice Gas of `target.staticcall(data)` including the call's own cost, and its result.
    /// @param target the contract to call
    /// @param data the calldata
    /// @return gasUsed gas consumed by the call (cold account, cold slots on first touch)
    /// @return ok whether the call succeeded
    /// @return result the returned bytes
    function measure(
        address target,
        bytes calldata data
    ) external view returns (uint256 gasUsed, bool ok, bytes memory result) {
        uint256 before = gasleft();
        (ok, result) = target.staticcall(data);
        gasUsed = before - gasleft();
    }
}
