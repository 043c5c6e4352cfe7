// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Assert
/// @notice Minimal assertions for Solidity tests: each reverts with a readable message on failure.
abstract contract Assert {
    error AssertionFailed(string message);

    function fail(string memory message) internal pure {
        revert AssertionFailed(message);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) fail(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": got ", _toString(actual), ", expected ", _toString(expected)));
        }
    }

    function assertEq(bool actual, bool expected, string memory message) internal pure {
        if (actual != expected) {
            fail(
                string.concat(message, ": got ", actual ? "true" : "false", ", expected ", expected ? "true" : "false")
            );
        }
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            fail(
                string.concat(
                    message,
                    ": got ",
                    _toString(uint256(uint160(actual))),
                    ", expected ",
                    _toString(uint256(uint160(expected)))
                )
            );
        }
    }

    function assertGt(uint256 a, uint256 b, string memory message) internal pure {
        if (a <= b) fail(string.concat(message, ": ", _toString(a), " <= ", _toString(b)));
    }

    function _toString(uint256 value) internal pure returns (string memory) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) ++digits;
        bytes memory out = new bytes(digits);
        for (; value != 0; value /= 10) out[--digits] = bytes1(uint8(48 + (value % 10)));
        return string(out);
    }
}
