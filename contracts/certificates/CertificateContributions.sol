// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {
    STATE_MASK,
    RECORD_MEMBER_OFFSET,
    BATCH_MEMBER_OFFSET,
    BATCH_COUNT_OFFSET,
    STATE_ACTIVE
} from "./CertificateRecord.sol";

/// @title CertificateContributions
/// @notice The hook of the SharingPoints ledger: it marks certificates and batches credited, once each.
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
        bytes32[] calldata roots
    ) external returns (uint32[] memory members, uint256[] memory counts) {
        if (msg.sender != ledger) revert NotLedger(msg.sender);
        members = new uint32[](ids.length + roots.length);
        counts = new uint256[](members.length);
        uint256 used;
        for (uint256 i = 0; i < ids.length; ++i) {
            Word storage w = _records[ids[i]];
            uint256 r = w.v;
            if (r & STATE_MASK != STATE_ACTIVE || r & F_CREDITED != 0) revert NotCreditable(ids[i]);
            w.v = r | F_CREDITED;
            uint32 member = uint32(r >> RECORD_MEMBER_OFFSET);
            used = _tally(members, counts, used, member, 1);
            emit ContributionCredited(ids[i], member, 1);
        }
        for (uint256 i = 0; i < roots.length; ++i) {
            Word storage w = _batches[roots[i]];
            uint256 b = w.v;
            if (b & STATE_MASK != STATE_ACTIVE || b & B_CREDITED != 0) revert NotCreditable(roots[i]);
            w.v = b | B_CREDITED;
            uint32 member = uint32(b >> BATCH_MEMBER_OFFSET);
            uint32 count = uint32(b >> BATCH_COUNT_OFFSET);
            used = _tally(members, counts, used, member, count);
            emit ContributionCredited(roots[i], member, count);
        }
        assembly ("memory-safe") {
            mstore(members, used)
            mstore(counts, used)
        }
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
