// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title CalldataSignature
/// @notice The signer of a 65-byte (r, s, v) ECDSA signature read straight from calldata, with
/// the rules of OpenZeppelin's ECDSA.tryRecover: a length other than 65, an `s` in the upper
/// half of the curve order (malleable), a `v` other than 27 or 28, or a signature the precompile
/// cannot recover all give address(0).
/// @dev The EIP-712 entry points (a delegated order, a holder's consent) call this instead of
/// ECDSA.tryRecover(bytes32, bytes memory), which copies the signature into memory and encodes
/// the precompile's input once more: here the input is written once and read back in place.
library CalldataSignature {
    /// @dev secp256k1n / 2: the highest `s` EIP-2 allows.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice The address that signed `digest`, or address(0) for a signature that is not valid.
    function recover(bytes32 digest, bytes calldata signature) internal view returns (address signer) {
        if (signature.length != 65) return address(0);
        assembly ("memory-safe") {
            let s := calldataload(add(signature.offset, 0x20))
            if iszero(gt(s, HALF_ORDER)) {
                let m := mload(0x40)
                mstore(m, digest)
                mstore(add(m, 0x20), byte(0, calldataload(add(signature.offset, 0x40))))
                mstore(add(m, 0x40), calldataload(signature.offset))
                mstore(add(m, 0x60), s)
                // A `v` other than 27 or 28, or no point for r: the precompile returns nothing.
                if staticcall(gas(), 1, m, 0x80, 0x00, 0x20) {
                    if returndatasize() {
                        signer := mload(0x00)
                    }
                }
            }
        }
    }
}
