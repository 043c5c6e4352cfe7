// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title StatusProbe
/// @notice Benchmark fixture, not deployed in production: the gas another contract pays for one
/// read-only call, the callee's account and slots cold as on first touch in a transaction. It
/// keeps the first returned word (a Verification's status, a bool) as a tiny caller would.
/// Used with eth_call: nothing is stored.
contract StatusProbe {
    /// @notice Gas of `target.staticcall(data)`, including the call itself, and its first word.
    /// @param target the contract to call
    /// @param data the calldata
    /// @return gasUsed gas consumed by the STATICCALL (cold account, cold slots)
    /// @return ok whether the call succeeded
    /// @return first the first 32 bytes it returned
    function measure(
        address target,
        bytes calldata data
    ) external view returns (uint256 gasUsed, bool ok, bytes32 first) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            calldatacopy(p, data.offset, data.length)
            let before := gas()
            ok := staticcall(gas(), target, p, data.length, 0, 32)
            gasUsed := sub(before, gas())
            first := mload(0)
        }
    }
}
