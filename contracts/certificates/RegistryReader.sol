// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICertificateRegistry} from "./ICertificateRegistry.sol";

/// @title RegistryReader
/// @notice How DisclosureGrants and SharingPoints ask the registry for a certificate's status
/// and its one issuing member (CERT-60): {ICertificateRegistry.resolve}, whose answer for a
/// stored certificate (root 0) is exactly {ICertificateRegistry.verify}'s.
/// @dev A stored certificate is read with a 36-byte STATICCALL of `verify`, the registry's
/// assembly read path, and its first two return words taken in place: no encoding of the
/// placement, no decoding of a Verification struct. A Merkle receipt goes through `resolve`,
/// which may record the id's first proof (CertificatePlaced).
library RegistryReader {
    /// @notice Status (as its enum index) and issuing member of `id` where `placement` says it lives.
    function resolve(
        ICertificateRegistry registry,
        bytes32 id,
        ICertificateRegistry.Placement calldata placement
    ) internal returns (uint256 status, uint32 member) {
        if (placement.root != bytes32(0)) {
            ICertificateRegistry.Verification memory v = registry.resolve(id, placement);
            return (uint256(v.status), v.member);
        }
        bytes4 selector = ICertificateRegistry.verify.selector;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, id)
            // Yul evaluates arguments right to left: the call must come before returndatasize.
            let ok := staticcall(gas(), registry, 0x00, 0x24, 0x00, 0x40)
            if iszero(and(ok, gt(returndatasize(), 0x3f))) {
                let m := mload(0x40)
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
            status := mload(0x00)
            member := and(mload(0x20), 0xffffffff)
        }
    }
}
