// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {
    STATE_MASK,
    RECORD_MEMBER_OFFSET,
    RECORD_VALID_FROM_OFFSET,
    RECORD_VALID_UNTIL_OFFSET,
    RECORD_ISSUED_BLOCK_OFFSET,
    BATCH_MEMBER_OFFSET,
    BATCH_COUNT_OFFSET,
    BATCH_ISSUED_BLOCK_OFFSET,
    STATE_ACTIVE,
    LEAF_WORD_SHIFT,
    LEAF_SLOT_MASK,
    LEAF_OFFSET_SHIFT,
    LEAF_STATE_MASK
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

    /// @inheritdoc ICertificateRegistry
    /// @dev The ledger proved every leaf in `root` (its multiproof shares the upper levels), so
    /// no proof is checked here; everything else is {markCredited}'s rule for a receipt
    /// ({_receipt}: the claim of CERT-60, the leaf's state and dates), on one batch word:
    /// `placed` is the claim this batch makes on an id, less the credited bit, and each id is
    /// credited once. A root that is no batch holds a count of 0, so every index is past it.
    /// Only a live leaf earns: valid now, or issued to become valid later (its validFrom ahead),
    /// as {_statusOf}'s Valid and NotYetValid.
    function creditProvenLeaves(
        bytes32 root,
        ProvenLeaf[] calldata leaves
    ) external returns (uint32 member, uint256 count) {
        if (msg.sender != ledger) revert NotLedger(msg.sender);
        uint256 b = _batches[root].v;
        member = uint32(b >> BATCH_MEMBER_OFFSET);
        uint256 placed =
            F_PLACED |
                (uint256(member) << RECORD_MEMBER_OFFSET) |
                (uint256(uint40(b >> BATCH_ISSUED_BLOCK_OFFSET)) << RECORD_ISSUED_BLOCK_OFFSET);
        count = leaves.length;
        mapping(uint256 word => uint256) storage states = _leafStates[root];
        for (uint256 i = 0; i < count; ++i) {
            bytes32 id;
            uint256 index;
            uint256 from;
            uint256 until;
            assembly ("memory-safe") {
                let o := add(leaves.offset, shl(7, i))
                id := calldataload(o)
                index := calldataload(add(o, 0x20))
                from := calldataload(add(o, 0x40))
                until := calldataload(add(o, 0x60))
            }
            if (index >= uint32(b >> BATCH_COUNT_OFFSET) || (from | until) >> 40 != 0) revert NotCreditable(id);
            {
                uint256 state = b & STATE_MASK;
                if (state == STATE_ACTIVE) {
                    state =
                        ((states[index >> LEAF_WORD_SHIFT] >> ((index & LEAF_SLOT_MASK) << LEAF_OFFSET_SHIFT)) &
                            LEAF_STATE_MASK) + 1;
                }
                if (state != STATE_ACTIVE || (until != 0 && block.timestamp > until)) revert NotCreditable(id);
            }
            Word storage w = _records[id];
            uint256 claim = w.v;
            if (claim == 0 || uint32(claim >> RECORD_MEMBER_OFFSET) != member) {
                // Another member's id stored or claimed no later than this batch: the leaf proves nothing.
                if (
                    claim != 0 &&
                    uint40(claim >> RECORD_ISSUED_BLOCK_OFFSET) <= uint40(placed >> RECORD_ISSUED_BLOCK_OFFSET)
                ) revert NotCreditable(id);
                claim = placed | (claim & F_CREDITED);
                emit CertificatePlaced(id, root, member);
            }
            if (claim & F_CREDITED != 0) revert NotCreditable(id);
            w.v = claim | F_CREDITED;
            emit ContributionCredited(id, member, 1);
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
