// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
// Some of these are read only inside assembly, where solhint does not look.
// solhint-disable no-unused-import
import {
    STATE_MASK,
    MEMBER_MASK,
    TYPE_MASK,
    TIME_MASK,
    RECORD_MEMBER_OFFSET,
    RECORD_TYPE_OFFSET,
    RECORD_VALID_FROM_OFFSET,
    RECORD_VALID_UNTIL_OFFSET,
    STATE_ACTIVE,
    STATUS_EXPIRED,
    STATUS_NOT_YET_VALID
} from "./CertificateRecord.sol";
// solhint-enable no-unused-import

/// @title CertificateViews
/// @notice Verification (a stored certificate in one SLOAD, a batch certificate from its receipt) and the raw state.
abstract contract CertificateViews is CertificateRegistryBase {
    /// @inheritdoc ICertificateRegistry
    /// @dev The hot read path, in assembly: one SLOAD, the answer written straight to return
    /// data (the same rules as {_statusOf}, which the fuzz tests hold it to).
    function verify(
        bytes32 id
    ) external view returns (Status status, uint32 member, uint16 typeId, uint40 validFrom, uint40 validUntil) {
        assembly {
            mstore(0x00, id)
            mstore(0x20, _records.slot)
            let r := sload(keccak256(0x00, 0x40))
            validFrom := and(shr(RECORD_VALID_FROM_OFFSET, r), TIME_MASK)
            validUntil := and(shr(RECORD_VALID_UNTIL_OFFSET, r), TIME_MASK)
            status := and(r, STATE_MASK)
            if eq(status, STATE_ACTIVE) {
                if lt(timestamp(), validFrom) {
                    status := STATUS_NOT_YET_VALID
                }
                if and(iszero(iszero(validUntil)), gt(timestamp(), validUntil)) {
                    status := STATUS_EXPIRED
                }
            }
            member := and(shr(RECORD_MEMBER_OFFSET, r), MEMBER_MASK)
            typeId := and(shr(RECORD_TYPE_OFFSET, r), TYPE_MASK)
            mstore(0x00, status)
            mstore(0x20, member)
            mstore(0x40, typeId)
            mstore(0x60, validFrom)
            mstore(0x80, validUntil)
            return(0x00, 0xa0)
        }
    }

    /// @inheritdoc ICertificateRegistry
    function statusOf(bytes32 id) external view returns (Status status) {
        assembly {
            mstore(0x00, id)
            mstore(0x20, _records.slot)
            let r := sload(keccak256(0x00, 0x40))
            status := and(r, STATE_MASK)
            if eq(status, STATE_ACTIVE) {
                if lt(timestamp(), and(shr(RECORD_VALID_FROM_OFFSET, r), TIME_MASK)) {
                    status := STATUS_NOT_YET_VALID
                }
                let until := and(shr(RECORD_VALID_UNTIL_OFFSET, r), TIME_MASK)
                if and(iszero(iszero(until)), gt(timestamp(), until)) {
                    status := STATUS_EXPIRED
                }
            }
            mstore(0x00, status)
            return(0x00, 0x20)
        }
    }

    /// @inheritdoc ICertificateRegistry
    function verifyReceipt(bytes32 id, Placement calldata placement) public view returns (Verification memory v) {
        (v, , ) = _receipt(id, placement);
    }

    /// @inheritdoc ICertificateRegistry
    function resolve(bytes32 id, Placement calldata placement) external returns (Verification memory v) {
        if (placement.root == bytes32(0)) return _verify(id);
        uint256 claim;
        bool write;
        (v, claim, write) = _receipt(id, placement);
        if (write) {
            _records[id].v = claim;
            emit CertificatePlaced(id, placement.root, v.member);
        }
    }

    /// @inheritdoc ICertificateRegistry
    function verifyPlaced(bytes32 id, Placement calldata placement) external view returns (Verification memory) {
        return placement.root == bytes32(0) ? _verify(id) : verifyReceipt(id, placement);
    }

    /// @inheritdoc ICertificateRegistry
    function check(bytes32 contentDigest, bytes32 holderCommitment, uint16 typeId) external view returns (bool) {
        Verification memory v = _verify(certificateId(contentDigest, holderCommitment));
        return v.status == Status.Valid && v.typeId == typeId;
    }

    /// @inheritdoc ICertificateRegistry
    function checkPlaced(
        bytes32 contentDigest,
        bytes32 holderCommitment,
        uint16 typeId,
        Placement calldata placement
    ) external view returns (bool) {
        bytes32 id = certificateId(contentDigest, holderCommitment);
        Verification memory v = placement.root == bytes32(0) ? _verify(id) : verifyReceipt(id, placement);
        return v.status == Status.Valid && v.typeId == typeId;
    }

    /// @inheritdoc ICertificateRegistry
    function certificateId(bytes32 contentDigest, bytes32 holderCommitment) public pure returns (bytes32) {
        return keccak256(abi.encode(contentDigest, holderCommitment));
    }

    /// @inheritdoc ICertificateRegistry
    function leafHash(bytes32 id, uint256 index, uint40 validFrom, uint40 validUntil) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(id, index, validFrom, validUntil))));
    }

    /// @inheritdoc ICertificateRegistry
    function recordOf(bytes32 id) external view returns (uint256) {
        return _records[id].v;
    }

    /// @inheritdoc ICertificateRegistry
    function batchOf(bytes32 root) external view returns (uint256) {
        return _batches[root].v;
    }

    /// @inheritdoc ICertificateRegistry
    function leafStateOf(bytes32 root, uint256 index) external view returns (uint8) {
        return uint8(_leafState(root, index));
    }

    function _verify(bytes32 id) private view returns (Verification memory v) {
        uint256 r = _records[id].v;
        v.member = uint32(r >> RECORD_MEMBER_OFFSET);
        v.typeId = uint16(r >> RECORD_TYPE_OFFSET);
        v.validFrom = uint40(r >> RECORD_VALID_FROM_OFFSET);
        v.validUntil = uint40(r >> RECORD_VALID_UNTIL_OFFSET);
        v.status = Status(_statusOf(r & STATE_MASK, v.validFrom, v.validUntil));
    }
}
