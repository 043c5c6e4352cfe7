// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {Roles} from "../access/Roles.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {
    STATE_MASK,
    TYPE_MASK,
    TERMS_VALID_FROM_OFFSET,
    TERMS_VALID_UNTIL_OFFSET,
    TERMS_BITS,
    RECORD_FLAGS_OFFSET,
    RECORD_MEMBER_OFFSET,
    RECORD_TERMS_OFFSET,
    RECORD_ISSUED_BLOCK_OFFSET,
    BATCH_FLAGS_OFFSET,
    BATCH_MEMBER_OFFSET,
    BATCH_TYPE_OFFSET,
    BATCH_COUNT_OFFSET,
    BATCH_ISSUED_BLOCK_OFFSET,
    STATE_ACTIVE,
    FLAG_REVOCABLE,
    FLAG_SUSPENDABLE,
    FLAG_CREDITED,
    FLAG_PLACED,
    LEAF_WORD_SHIFT,
    LEAF_SLOT_MASK,
    LEAF_OFFSET_SHIFT,
    LEAF_STATE_MASK
} from "./CertificateRecord.sol";

/// @title CertificateRegistryBase
/// @notice The storage of the certificate registry and what every part of it shares: the issuer
/// key's access-word layout, permission checks and the record a new certificate gets.
/// @dev Storage is declared here only, in the order the registry has always had (after
/// the module kit's and EIP712's), so that splitting the registry into concern-sized parts
/// (CertificateTypes, IssuerKeys, CertificateIssuance, CertificateLifecycle,
/// CertificateContributions, CertificateViews) leaves the deployed layout as it was.
/// An issuer key's member id, up to four (type id, revocable, suspendable) entries and its
/// sequential order nonce live in the module bits of its mirrored access word (bits 128..159
/// member, 160..231 entries, 232..253 nonce, 254 any-type), so the permission check of an issue
/// is the single cold SLOAD of that word (plus the module's pause flag) and consuming a
/// delegated order's nonce rewrites that warm word.
abstract contract CertificateRegistryBase is ICertificateRegistry, ConsortiumModule, EIP712 {
    // ------------------------------------------------------------------ access-word layout
    uint256 internal constant ISSUER_BIT = 1 << Roles.CERT_ISSUER;
    uint256 internal constant MEMBER_SHIFT = 128; // bits 128..159: member id
    uint256 internal constant ENTRIES_SHIFT = 160; // bits 160..231: four 18-bit type entries
    uint256 internal constant ENTRY_BITS = 18; // type id (16) | revocable | suspendable
    uint256 internal constant ENTRY_FLAGS_SHIFT = 16; // revocable | suspendable << 1, as in a record's flags
    uint256 internal constant ENTRY_FLAGS_MASK = 3;
    uint256 internal constant ENTRY_MASK = 0x3ffff;
    uint256 internal constant ENTRIES_MASK = ((1 << 72) - 1) << 160;
    uint256 internal constant NONCE_SHIFT = 232; // bits 232..253: the key's next order nonce
    uint256 internal constant NONCE_MASK = ((1 << 22) - 1) << 232;
    uint256 internal constant ANY_TYPE_BIT = 1 << 254;
    /// @inheritdoc ICertificateRegistry
    uint256 public constant MAX_KEY_TYPES = 4;
    /// @inheritdoc ICertificateRegistry
    uint256 public constant MAX_NONCE = (1 << 22) - 1;

    // ------------------------------------------------------------------ record flags, in place
    uint256 internal constant F_REVOCABLE = FLAG_REVOCABLE << RECORD_FLAGS_OFFSET;
    uint256 internal constant F_SUSPENDABLE = FLAG_SUSPENDABLE << RECORD_FLAGS_OFFSET;
    uint256 internal constant F_CREDITED = FLAG_CREDITED << RECORD_FLAGS_OFFSET;
    uint256 internal constant F_PLACED = FLAG_PLACED << RECORD_FLAGS_OFFSET;
    uint256 internal constant B_REVOCABLE = FLAG_REVOCABLE << BATCH_FLAGS_OFFSET;
    uint256 internal constant B_SUSPENDABLE = FLAG_SUSPENDABLE << BATCH_FLAGS_OFFSET;

    /// @dev A packed word behind one mapping key, so that a read and a write share one slot hash.
    struct Word {
        uint256 v;
    }

    mapping(bytes32 id => Word) internal _records;
    mapping(bytes32 root => Word) internal _batches;
    mapping(bytes32 root => mapping(uint256 word => uint256)) internal _leafStates;
    /// @inheritdoc ICertificateRegistry
    mapping(bytes32 oldId => bytes32 newId) public successorOf;

    mapping(uint16 typeId => CertificateType) internal _types;
    mapping(bytes32 nameHash => uint16) internal _typeByName;
    /// @dev key typeId << 32 | member => 1 | revocable << 1 | suspendable << 2 (0: not allowed)
    mapping(uint256 key => uint256) internal _typeMembers;
    /// @inheritdoc ICertificateRegistry
    uint16 public typeCount;
    /// @inheritdoc ICertificateRegistry
    address public ledger;
    /// @dev The issuing member and the type's flags (revocable | suspendable << 1) if `signer`
    /// may issue `typeId`: one read of its access word, one more only for any-type keys.
    function _authorise(address signer, uint256 typeId) internal view returns (uint256 member, uint256 flags) {
        return _authoriseWord(signer, _accessWord(signer), typeId);
    }

    function _authoriseWord(
        address signer,
        uint256 word,
        uint256 typeId
    ) internal view returns (uint256 member, uint256 flags) {
        // Hot path first: an unfrozen issuer key listing the type. setIssuer writes the member
        // with the entries and removal clears both, so a listed entry implies an enrolled member.
        if (word & (ISSUER_BIT | Roles.FROZEN_BIT) == ISSUER_BIT && typeId != 0) {
            uint256 e = word >> ENTRIES_SHIFT;
            if (e & TYPE_MASK == typeId)
                return (uint32(word >> MEMBER_SHIFT), (e >> ENTRY_FLAGS_SHIFT) & ENTRY_FLAGS_MASK);
            e >>= ENTRY_BITS;
            if (e & TYPE_MASK == typeId)
                return (uint32(word >> MEMBER_SHIFT), (e >> ENTRY_FLAGS_SHIFT) & ENTRY_FLAGS_MASK);
            e >>= ENTRY_BITS;
            if (e & TYPE_MASK == typeId)
                return (uint32(word >> MEMBER_SHIFT), (e >> ENTRY_FLAGS_SHIFT) & ENTRY_FLAGS_MASK);
            e >>= ENTRY_BITS;
            if (e & TYPE_MASK == typeId)
                return (uint32(word >> MEMBER_SHIFT), (e >> ENTRY_FLAGS_SHIFT) & ENTRY_FLAGS_MASK);
        }
        if (word & (ISSUER_BIT | Roles.FROZEN_BIT) != ISSUER_BIT) revert NotIssuer(signer);
        member = uint32(word >> MEMBER_SHIFT);
        if (member == 0) revert IssuerNotEnrolled(signer);
        if (typeId != 0) {
            if (word & ANY_TYPE_BIT != 0) {
                uint256 p = _typeMembers[(typeId << 32) | member];
                if (p != 0) return (member, p >> 1);
            }
            if (typeId <= typeCount) revert TypeNotAllowed(signer, uint16(typeId));
        }
        revert UnknownType(uint16(typeId));
    }

    /// @dev A key whose membership ends (removed, moved, member suspended or expelled) loses its
    /// enrolment in the same push, so it never issues, revokes or grants as its old member;
    /// only its order nonce stays, so that re-enrolling it never revives an old order.
    function _moduleFlagsAfterLeaving(address account, uint256 word) internal override returns (uint256) {
        uint32 member = uint32(word >> MEMBER_SHIFT);
        if (member != 0) emit IssuerRemoved(account, member, msg.sender);
        return word & NONCE_MASK;
    }

    function _newRecord(uint256 terms, uint256 member, uint256 flags) internal view returns (uint256) {
        if (terms >> TERMS_BITS != 0) revert InvalidTerms(terms);
        uint256 from = uint40(terms >> TERMS_VALID_FROM_OFFSET);
        uint256 until = terms >> TERMS_VALID_UNTIL_OFFSET;
        if (from == 0) {
            from = block.timestamp;
            terms |= from << TERMS_VALID_FROM_OFFSET;
        }
        if (until != 0 && (until <= from || until <= block.timestamp)) revert InvalidTerms(terms);
        return
            STATE_ACTIVE |
            (flags << RECORD_FLAGS_OFFSET) |
            (member << RECORD_MEMBER_OFFSET) |
            (terms << RECORD_TERMS_OFFSET) |
            (block.number << RECORD_ISSUED_BLOCK_OFFSET);
    }

    function _store(bytes32 id, uint256 record) internal {
        if (id == bytes32(0)) revert InvalidCertificateId();
        Word storage w = _records[id];
        if (w.v != 0) revert DuplicateCertificate(id);
        w.v = record;
    }

    function _requireType(uint16 typeId) internal view {
        if (typeId == 0 || typeId > typeCount) revert UnknownType(typeId);
    }

    function _typeKey(uint16 typeId, uint32 member) internal pure returns (uint256) {
        return (uint256(typeId) << 32) | member;
    }

    /// @dev What the receipt (`id`, `placement`) proves, and the word `_records[id]` must hold
    /// for it (`claim`; `write` when that is not already there). A receipt proves its batch's
    /// member only when no other member claimed the id first: an id stored, or placed by an
    /// earlier-proven batch, of another member at a block no later than this batch's anchor
    /// wins, and the receipt proves nothing (Unknown). A receipt of a batch anchored strictly
    /// earlier than another member's claim takes the id over, so the first issuer's proof
    /// always ends a squatter's claim, whoever presented a proof first.
    function _receipt(
        bytes32 id,
        Placement calldata placement
    ) internal view returns (Verification memory v, uint256 claim, bool write) {
        uint256 b = _batches[placement.root].v;
        if (b == 0 || placement.index >= uint32(b >> BATCH_COUNT_OFFSET)) return (v, 0, false);
        if (!_proves(id, placement)) return (v, 0, false);
        uint256 member = uint32(b >> BATCH_MEMBER_OFFSET);
        uint256 anchored = uint40(b >> BATCH_ISSUED_BLOCK_OFFSET);
        claim = _records[id].v;
        if (claim == 0 || uint32(claim >> RECORD_MEMBER_OFFSET) != member) {
            if (claim != 0 && uint40(claim >> RECORD_ISSUED_BLOCK_OFFSET) <= anchored) return (v, 0, false);
            // One credit per id, whoever held it: taking a claim over keeps its credited bit.
            claim =
                F_PLACED |
                (claim & F_CREDITED) |
                (member << RECORD_MEMBER_OFFSET) |
                (anchored << RECORD_ISSUED_BLOCK_OFFSET);
            write = true;
        }
        v.member = uint32(member);
        v.typeId = uint16(b >> BATCH_TYPE_OFFSET);
        v.validFrom = placement.validFrom;
        v.validUntil = placement.validUntil;
        uint256 state = b & STATE_MASK;
        if (state == STATE_ACTIVE) state = _leafState(placement.root, placement.index);
        v.status = Status(_statusOf(state, placement.validFrom, placement.validUntil));
    }

    /// @dev Whether `placement.proof` takes the leaf of (`id`, index, validFrom, validUntil) to
    /// `placement.root`: the leaf is keccak256(bytes.concat(keccak256(abi.encode(id, index,
    /// validFrom, validUntil)))) and each level hashes the sorted pair, as OpenZeppelin's
    /// MerkleProof.verifyCalldata does, in scratch memory: nothing is allocated per leaf, so a
    /// claim of many receipts stays linear. lib/certificates builds trees the same way
    /// (test/certificates/merkle.test.ts proves receipts of real trees against it).
    function _proves(bytes32 id, Placement calldata placement) internal pure returns (bool) {
        bytes32[] calldata proof = placement.proof;
        uint256 index = placement.index;
        uint40 validFrom = placement.validFrom;
        uint40 validUntil = placement.validUntil;
        bytes32 root = placement.root;
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, id)
            mstore(add(m, 0x20), index)
            mstore(add(m, 0x40), validFrom)
            mstore(add(m, 0x60), validUntil)
            mstore(0x00, keccak256(m, 0x80))
            let h := keccak256(0x00, 0x20)
            let p := proof.offset
            for {
                let end := add(p, shl(5, proof.length))
            } lt(p, end) {
                p := add(p, 0x20)
            } {
                let sibling := calldataload(p)
                switch lt(sibling, h)
                case 0 {
                    mstore(0x00, h)
                    mstore(0x20, sibling)
                }
                default {
                    mstore(0x00, sibling)
                    mstore(0x20, h)
                }
                h := keccak256(0x00, 0x40)
            }
            ok := eq(h, root)
        }
        return ok;
    }

    /// @dev The Status (as its enum index) of a stored state at the current time: stored state
    /// first, then time; validUntil is the last valid second.
    function _statusOf(uint256 state, uint256 from, uint256 until) internal view returns (uint256) {
        if (state != STATE_ACTIVE) return state;
        if (until != 0 && block.timestamp > until) return uint256(Status.Expired);
        if (block.timestamp < from) return uint256(Status.NotYetValid);
        return uint256(Status.Valid);
    }

    function _leafState(bytes32 root, uint256 index) internal view returns (uint256) {
        uint256 bits = _leafStates[root][index >> LEAF_WORD_SHIFT];
        return ((bits >> ((index & LEAF_SLOT_MASK) << LEAF_OFFSET_SHIFT)) & LEAF_STATE_MASK) + 1;
    }

    function _entryTypes(uint256 word) internal pure returns (uint16[] memory typeIds) {
        typeIds = new uint16[](MAX_KEY_TYPES);
        uint256 n;
        for (uint256 i = 0; i < MAX_KEY_TYPES; ++i) {
            uint16 t = uint16(word >> (ENTRIES_SHIFT + ENTRY_BITS * i));
            if (t != 0) typeIds[n++] = t;
        }
        assembly ("memory-safe") {
            mstore(typeIds, n)
        }
    }
}
