// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {Roles} from "../access/Roles.sol";
import {
    STATE_MASK,
    BLOCK_MASK,
    REASON_MASK,
    RECORD_MEMBER_OFFSET,
    RECORD_TYPE_OFFSET,
    TYPE_MASK,
    RECORD_UPDATED_BLOCK_OFFSET,
    RECORD_REASON_OFFSET,
    BATCH_COUNT_OFFSET,
    BATCH_UPDATED_BLOCK_OFFSET,
    BATCH_REASON_OFFSET,
    STATE_ACTIVE,
    STATE_REVOKED,
    STATE_SUSPENDED,
    STATE_SUPERSEDED,
    FLAG_REVISION,
    LEAF_WORD_SHIFT,
    LEAF_SLOT_MASK,
    LEAF_OFFSET_SHIFT,
    LEAF_STATE_MASK,
    LEAF_REVOKED
} from "./CertificateRecord.sol";

/// @title CertificateLifecycle
/// @notice Change (变更) by supersession, revocation, suspension and reinstatement of stored
/// certificates, Merkle leaves and whole batches.
abstract contract CertificateLifecycle is CertificateRegistryBase {
    /// @dev What a state change keeps of a record: all but state, updated block and reason.
    uint256 private constant CERT_KEEP =
        ~(STATE_MASK | (BLOCK_MASK << RECORD_UPDATED_BLOCK_OFFSET) | (REASON_MASK << RECORD_REASON_OFFSET));
    uint256 private constant BATCH_KEEP =
        ~(STATE_MASK | (BLOCK_MASK << BATCH_UPDATED_BLOCK_OFFSET) | (REASON_MASK << BATCH_REASON_OFFSET));
    /// @dev The high bit of every leaf's pair in a leaf-state word: a revocation mask sets none.
    uint256 private constant ODD_BITS = 0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;

    /// @inheritdoc ICertificateRegistry
    function supersede(bytes32 oldId, bytes32 newId, uint256 terms, uint8 reason) external whenNotPaused {
        Word storage oldRecord = _records[oldId];
        uint256 old = oldRecord.v;
        if (old == 0) revert UnknownCertificate(oldId);
        // The key must be allowed the certificate's own type, and the successor keeps it: a key
        // enrolled for another type cannot end this one by superseding it as its own type.
        uint256 oldType = (old >> RECORD_TYPE_OFFSET) & TYPE_MASK;
        if (uint16(terms) != oldType) revert SuccessorTypeMismatch(oldId, uint16(oldType), uint16(terms));
        (uint256 member, uint256 flags) = _authorise(msg.sender, oldType);
        uint32 oldMember = uint32(old >> RECORD_MEMBER_OFFSET);
        if (member != oldMember) revert NotIssuingMember(msg.sender, oldMember);
        uint256 s = old & STATE_MASK;
        if (s != STATE_ACTIVE && s != STATE_SUSPENDED) {
            revert InvalidTransition(oldId, uint8(s), uint8(STATE_SUPERSEDED));
        }
        _store(newId, _newRecord(terms, member, flags | FLAG_REVISION));
        oldRecord.v = _withCertState(old, STATE_SUPERSEDED, reason);
        successorOf[oldId] = newId;
        emit CertificateSuperseded(oldId, newId, msg.sender, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function revoke(bytes32 id, uint8 reason) external whenNotPaused {
        (Word storage record, uint256 r) = _loadChecked(id);
        if (r & F_REVOCABLE == 0) revert NotRevocable(id);
        uint256 s = r & STATE_MASK;
        if (s != STATE_ACTIVE && s != STATE_SUSPENDED) revert InvalidTransition(id, uint8(s), uint8(STATE_REVOKED));
        record.v = _withCertState(r, STATE_REVOKED, reason);
        emit CertificateRevoked(id, msg.sender, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function suspend(bytes32 id, uint8 reason) external whenNotPaused {
        (Word storage record, uint256 r) = _loadChecked(id);
        if (r & F_SUSPENDABLE == 0) revert NotSuspendable(id);
        if (r & STATE_MASK != STATE_ACTIVE) revert InvalidTransition(id, uint8(r), uint8(STATE_SUSPENDED));
        record.v = _withCertState(r, STATE_SUSPENDED, reason);
        emit CertificateSuspended(id, msg.sender, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function reinstate(bytes32 id, uint8 reason) external whenNotPaused {
        (Word storage record, uint256 r) = _loadChecked(id);
        if (r & F_SUSPENDABLE == 0) revert NotSuspendable(id);
        if (r & STATE_MASK != STATE_SUSPENDED) revert InvalidTransition(id, uint8(r), uint8(STATE_ACTIVE));
        record.v = _withCertState(r, STATE_ACTIVE, reason);
        emit CertificateReinstated(id, msg.sender, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeLeaf(bytes32 root, uint256 index, uint8 reason) external whenNotPaused {
        _changeLeaf(root, index, STATE_REVOKED, reason);
        emit LeafRevoked(root, index, msg.sender, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function suspendLeaf(bytes32 root, uint256 index, uint8 reason) external whenNotPaused {
        _changeLeaf(root, index, STATE_SUSPENDED, reason);
        emit LeafSuspended(root, index, msg.sender, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function reinstateLeaf(bytes32 root, uint256 index, uint8 reason) external whenNotPaused {
        _changeLeaf(root, index, STATE_ACTIVE, reason);
        emit LeafReinstated(root, index, msg.sender, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeLeaves(bytes32 root, uint256[] calldata indexes, uint8 reason) external whenNotPaused {
        if (indexes.length == 0) revert EmptyBatch();
        uint256 b = _loadBatchChecked(root, STATE_REVOKED);
        uint256 count = uint32(b >> BATCH_COUNT_OFFSET);
        mapping(uint256 => uint256) storage states = _leafStates[root];
        uint256 current = type(uint256).max;
        uint256 bits;
        for (uint256 i = 0; i < indexes.length; ++i) {
            uint256 index = indexes[i];
            if (index >= count) revert InvalidLeafIndex(root, index, count);
            uint256 w = index >> LEAF_WORD_SHIFT;
            if (w != current) {
                if (current != type(uint256).max) states[current] = bits;
                current = w;
                bits = states[w];
            }
            uint256 shift = (index & LEAF_SLOT_MASK) << LEAF_OFFSET_SHIFT;
            uint256 v = (bits >> shift) & LEAF_STATE_MASK;
            if (v == LEAF_REVOKED)
                revert InvalidLeafTransition(root, index, uint8(STATE_REVOKED), uint8(STATE_REVOKED));
            bits = (bits & ~(LEAF_STATE_MASK << shift)) | ((LEAF_REVOKED) << shift);
        }
        states[current] = bits;
        emit LeavesRevoked(root, msg.sender, reason, indexes);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeLeafMasks(
        bytes32 root,
        uint256 firstWord,
        uint256[] calldata masks,
        uint8 reason
    ) external whenNotPaused {
        uint256 n = masks.length;
        if (n == 0) revert EmptyBatch();
        uint256 b = _loadBatchChecked(root, STATE_REVOKED);
        uint256 count = uint32(b >> BATCH_COUNT_OFFSET);
        mapping(uint256 => uint256) storage states = _leafStates[root];
        for (uint256 i = 0; i < n; ++i) {
            uint256 m = masks[i];
            uint256 w = firstWord + i;
            // A batch holds fewer than 2^32 leaves, so no word of it is at or past 2^25.
            if (m == 0 || m & ODD_BITS != 0 || w >> 25 != 0) revert InvalidLeafMask(root, w, m);
            uint256 base = w << LEAF_WORD_SHIFT;
            if (base + LEAF_SLOT_MASK >= count) {
                uint256 inside = count > base ? count - base : 0; // leaves of this word in the batch
                uint256 beyond = m >> (inside << LEAF_OFFSET_SHIFT);
                if (beyond != 0) revert InvalidLeafIndex(root, base + inside + _lowestLeaf(beyond), count);
            }
            uint256 bits = states[w];
            // Leaves whose pair reads 01 (revoked) and that the mask marks again.
            uint256 again = bits & ~(bits >> 1) & m;
            if (again != 0) {
                revert InvalidLeafTransition(
                    root,
                    base + _lowestLeaf(again),
                    uint8(STATE_REVOKED),
                    uint8(STATE_REVOKED)
                );
            }
            states[w] = (bits & ~(m | (m << 1))) | m;
        }
        emit LeafMasksRevoked(root, msg.sender, reason, firstWord, masks);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeBatch(bytes32 root, uint8 reason) external whenNotPaused {
        uint256 b = _loadBatchChecked(root, STATE_REVOKED);
        _batches[root].v =
            (b & BATCH_KEEP) |
            STATE_REVOKED |
            (block.number << BATCH_UPDATED_BLOCK_OFFSET) |
            (uint256(reason) << BATCH_REASON_OFFSET);
        emit BatchRevoked(root, msg.sender, reason);
    }

    /// @dev The leaf (0..127) of the lowest pair of `pairs` with its low bit set (pairs != 0).
    function _lowestLeaf(uint256 pairs) private pure returns (uint256 k) {
        while (pairs & 1 == 0) {
            pairs >>= 2;
            ++k;
        }
    }

    function _withCertState(uint256 r, uint256 state, uint8 reason) private view returns (uint256) {
        return
            (r & CERT_KEEP) |
            state |
            (block.number << RECORD_UPDATED_BLOCK_OFFSET) |
            (uint256(reason) << RECORD_REASON_OFFSET);
    }

    /// @dev The record of `id`, once the caller is shown to act for its issuing member.
    function _loadChecked(bytes32 id) private view returns (Word storage record, uint256 r) {
        record = _records[id];
        r = record.v;
        if (r == 0) revert UnknownCertificate(id);
        _checkActor(r);
    }

    /// @dev The batch record of `root` for a change to state `to` of the batch or of a leaf:
    /// the caller acts for its member, the type allows the change and the batch is not revoked.
    function _loadBatchChecked(bytes32 root, uint256 to) private view returns (uint256 b) {
        b = _batches[root].v;
        if (b == 0) revert UnknownBatch(root);
        _checkActor(b);
        if (to == STATE_REVOKED) {
            if (b & B_REVOCABLE == 0) revert NotRevocable(root);
        } else if (b & B_SUSPENDABLE == 0) {
            revert NotSuspendable(root);
        }
        if (b & STATE_MASK != STATE_ACTIVE) revert InvalidTransition(root, uint8(b), uint8(to));
    }

    /// @dev The consortium, or an unfrozen CERT_ISSUER key enrolled for the record's member
    /// (a certificate's or a batch's: the member sits at the same offset in both words).
    function _checkActor(uint256 record) private view {
        if (msg.sender == consortium) return;
        uint256 word = _accessWord(msg.sender);
        if (word & (ISSUER_BIT | Roles.FROZEN_BIT) != ISSUER_BIT) revert NotIssuer(msg.sender);
        uint32 member = uint32(record >> RECORD_MEMBER_OFFSET);
        if (uint32(word >> MEMBER_SHIFT) != member) revert NotIssuingMember(msg.sender, member);
    }

    function _changeLeaf(bytes32 root, uint256 index, uint256 to, uint8) private {
        uint256 b = _loadBatchChecked(root, to);
        uint256 count = uint32(b >> BATCH_COUNT_OFFSET);
        if (index >= count) revert InvalidLeafIndex(root, index, count);
        uint256 w = index >> LEAF_WORD_SHIFT;
        uint256 shift = (index & LEAF_SLOT_MASK) << LEAF_OFFSET_SHIFT;
        uint256 bits = _leafStates[root][w];
        uint256 from = ((bits >> shift) & LEAF_STATE_MASK) + 1;
        bool ok =
            to == STATE_REVOKED
                ? from != STATE_REVOKED
                : (to == STATE_SUSPENDED ? from == STATE_ACTIVE : from == STATE_SUSPENDED);
        if (!ok) revert InvalidLeafTransition(root, index, uint8(from), uint8(to));
        _leafStates[root][w] = (bits & ~(LEAF_STATE_MASK << shift)) | ((to - 1) << shift);
    }
}
