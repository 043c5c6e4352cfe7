// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {
    STATE_MASK,
    RECORD_MEMBER_OFFSET,
    RECORD_VALID_FROM_OFFSET,
    RECORD_VALID_UNTIL_OFFSET
} from "./CertificateRecord.sol";

/// @title CertificateContributions
/// @notice The hook of the SharingPoints ledger: it marks live certificates credited, once per id.
abstract contract CertificateContributions is CertificateRegistryBase {
    /// @inheritdoc ICertificateRegistry
    function setLedger(address ledger_) external {
        _checkOperator();
        ledger = ledger_;
        emit LedgerChanged(ledger_, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function markCredited(
        bytes32[] calldata ids,
        Placement[] calldata placements
    ) external returns (uint32[] memory members, uint256[] memory counts) {
        if (msg.sender != ledger) revert NotLedger(msg.sender);
        bool placed = placements.length != 0;
        if (placed && placements.length != ids.length) revert PlacementsMismatch(ids.length, placements.length);
        members = new uint32[](ids.length);
        counts = new uint256[](ids.length);
        uint256 used;
        for (uint256 i = 0; i < ids.length; ++i) {
            bytes32 id = ids[i];
            uint256 r;
            uint256 status;
            if (!placed) {
                (r, status) = _storedStatus(id);
            } else {
                Placement calldata p = placements[i];
                if (p.root == bytes32(0)) {
                    (r, status) = _storedStatus(id);
                } else {
                    Verification memory v;
                    bool write;
                    (v, r, write) = _receipt(id, p);
                    status = uint256(v.status);
                    if (write) {
                        emit CertificatePlaced(id, p.root, v.member);
                    }
                }
            }
            // Only a live certificate earns: valid now, or issued to become valid later.
            if ((status != uint256(Status.Valid) && status != uint256(Status.NotYetValid)) || r & F_CREDITED != 0) {
                revert NotCreditable(id);
            }
            _records[id].v = r | F_CREDITED;
            uint32 member = uint32(r >> RECORD_MEMBER_OFFSET);
            used = _tally(members, counts, used, member, 1);
            emit ContributionCredited(id, member, 1);
        }
        assembly ("memory-safe") {
            mstore(members, used)
            mstore(counts, used)
        }
    }

    function _storedStatus(bytes32 id) private view returns (uint256 r, uint256 status) {
        r = _records[id].v;
        uint256 s = r & STATE_MASK;
        if (s != 0)
            status = _statusOf(s, uint40(r >> RECORD_VALID_FROM_OFFSET), uint40(r >> RECORD_VALID_UNTIL_OFFSET));
    }

    function _tally(
        uint32[] memory members,
        uint256[] memory counts,
        uint256 used,
        uint32 member,
        uint256 count
    ) private pure returns (uint256) {
        for (uint256 i = 0; i < used; ++i) {
            if (members[i] == member) {
                counts[i] += count;
                return used;
            }
        }
        members[used] = member;
        counts[used] = count;
        return used + 1;
    }
}
