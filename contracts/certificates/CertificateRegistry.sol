// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ConsortiumGoverned} from "../access/ConsortiumGoverned.sol";
import {Roles} from "../access/Roles.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IConsortiumDirectory} from "./IConsortiumDirectory.sol";
import {
    STATE_MASK,
    MEMBER_MASK,
    TYPE_MASK,
    TIME_MASK,
    BLOCK_MASK,
    COUNT_MASK,
    REASON_MASK,
    TERMS_VALID_FROM_OFFSET,
    TERMS_VALID_UNTIL_OFFSET,
    TERMS_BITS,
    BATCH_TERMS_COUNT_OFFSET,
    BATCH_TERMS_BITS,
    RECORD_FLAGS_OFFSET,
    RECORD_MEMBER_OFFSET,
    RECORD_TERMS_OFFSET,
    RECORD_TYPE_OFFSET,
    RECORD_VALID_FROM_OFFSET,
    RECORD_VALID_UNTIL_OFFSET,
    RECORD_ISSUED_BLOCK_OFFSET,
    RECORD_UPDATED_BLOCK_OFFSET,
    RECORD_REASON_OFFSET,
    BATCH_FLAGS_OFFSET,
    BATCH_MEMBER_OFFSET,
    BATCH_TERMS_OFFSET,
    BATCH_TYPE_OFFSET,
    BATCH_COUNT_OFFSET,
    BATCH_ISSUED_BLOCK_OFFSET,
    BATCH_UPDATED_BLOCK_OFFSET,
    BATCH_REASON_OFFSET,
    STATE_ACTIVE,
    STATE_REVOKED,
    STATE_SUSPENDED,
    STATE_SUPERSEDED,
    STATUS_EXPIRED,
    STATUS_NOT_YET_VALID,
    FLAG_REVOCABLE,
    FLAG_SUSPENDABLE,
    FLAG_REVISION,
    FLAG_CREDITED
} from "./CertificateRecord.sol";

/// @title CertificateRegistry
/// @notice Trusted electronic certificates (可信电子证照): certificate types, issuer keys, and the
/// lifecycle of every certificate — issue (one, a list, or a Merkle batch of thousands),
/// delegated issue from a clerk's EIP-712 order, change by supersession (变更), revocation,
/// suspension and reinstatement, and expiry by time. Only digests and commitments are stored;
/// no personal data ever reaches the chain.
/// @dev Gas design: one packed slot per certificate keyed by its id, one per Merkle root, and
/// two bits per Merkle leaf for revocation/suspension. An issuer key's member id, up to four
/// (type id, revocable, suspendable) entries and its sequential order nonce live in the module
/// bits of its mirrored access word (bits 128..159 member, 160..231 entries, 232..253 nonce, 254
/// any-type), so the permission check of an issue is the single cold SLOAD of that word (plus
/// the module's pause flag) and consuming a delegated order's nonce rewrites that warm word.
/// Word layouts of records are documented in {ICertificateRegistry}.
contract CertificateRegistry is ICertificateRegistry, ConsortiumGoverned, EIP712 {
    // ------------------------------------------------------------------ access-word layout
    uint256 private constant ISSUER_BIT = 1 << Roles.CERT_ISSUER;
    uint256 private constant OPERATOR_BIT = 1 << Roles.PLATFORM_OPERATOR;
    uint256 private constant MEMBER_SHIFT = 128; // bits 128..159: member id
    uint256 private constant ENTRIES_SHIFT = 160; // bits 160..231: four 18-bit type entries
    uint256 private constant ENTRY_BITS = 18; // type id (16) | revocable | suspendable
    uint256 private constant ENTRY_FLAGS_SHIFT = 16; // revocable | suspendable << 1, as in a record's flags
    uint256 private constant ENTRY_FLAGS_MASK = 3;
    uint256 private constant ENTRY_MASK = 0x3ffff;
    uint256 private constant ENTRIES_MASK = ((1 << 72) - 1) << 160;
    uint256 private constant NONCE_SHIFT = 232; // bits 232..253: the key's next order nonce
    uint256 private constant NONCE_MASK = ((1 << 22) - 1) << 232;
    uint256 private constant ANY_TYPE_BIT = 1 << 254;
    /// @notice Type entries an issuer key holds in its access word.
    uint256 public constant MAX_KEY_TYPES = 4;
    /// @notice The highest order nonce; a key bumped to it accepts no more orders.
    uint256 public constant MAX_NONCE = (1 << 22) - 1;

    // ------------------------------------------------------------------ record layout (CertificateRecord.sol)
    uint256 private constant F_REVOCABLE = FLAG_REVOCABLE << RECORD_FLAGS_OFFSET;
    uint256 private constant F_SUSPENDABLE = FLAG_SUSPENDABLE << RECORD_FLAGS_OFFSET;
    uint256 private constant F_CREDITED = FLAG_CREDITED << RECORD_FLAGS_OFFSET;
    uint256 private constant B_REVOCABLE = FLAG_REVOCABLE << BATCH_FLAGS_OFFSET;
    uint256 private constant B_SUSPENDABLE = FLAG_SUSPENDABLE << BATCH_FLAGS_OFFSET;
    uint256 private constant B_CREDITED = FLAG_CREDITED << BATCH_FLAGS_OFFSET;
    /// @dev What a state change keeps of a record: all but state, updated block and reason.
    uint256 private constant CERT_KEEP =
        ~(STATE_MASK | (BLOCK_MASK << RECORD_UPDATED_BLOCK_OFFSET) | (REASON_MASK << RECORD_REASON_OFFSET));
    uint256 private constant BATCH_KEEP =
        ~(STATE_MASK | (BLOCK_MASK << BATCH_UPDATED_BLOCK_OFFSET) | (REASON_MASK << BATCH_REASON_OFFSET));

    uint256 private constant MAX_NAME = 64;
    uint256 private constant MAX_FIELDS = 64;

    /// @notice EIP-712 type of a delegated issue order.
    bytes32 public constant ISSUE_ORDER_TYPEHASH = keccak256(
        "IssueOrder(address signer,bytes32 id,uint256 terms,uint256 nonce,uint256 deadline)"
    );

    /// @dev A packed word behind one mapping key, so that a read and a write share one slot hash.
    struct Word {
        uint256 v;
    }

    mapping(bytes32 id => Word) private _records;
    mapping(bytes32 root => Word) private _batches;
    mapping(bytes32 root => mapping(uint256 word => uint256)) private _leafStates;
    /// @notice The newer version that replaced a certificate (0: none).
    mapping(bytes32 oldId => bytes32 newId) public successorOf;

    mapping(uint16 typeId => CertificateType) private _types;
    mapping(bytes32 nameHash => uint16) private _typeByName;
    /// @dev key typeId << 32 | member => 1 | revocable << 1 | suspendable << 2 (0: not allowed)
    mapping(uint256 key => uint256) private _typeMembers;
    /// @notice Number of registered types (ids run from 1 to this).
    uint16 public typeCount;
    /// @notice The SharingPoints ledger allowed to mark contributions as credited.
    address public ledger;

    constructor(address consortium_) ConsortiumGoverned(consortium_) EIP712("CertificateRegistry", "1") {}

    // ================================================================== types

    /// @notice Register a certificate type. Governance (CallModule) or PLATFORM_OPERATOR.
    /// @param name unique display name, 1..64 bytes
    /// @param fields field names of the canonical document (1..64 distinct names, each 1..64 bytes)
    /// @param defaultValidity seconds a client adds to validFrom when no validUntil is given (0: none)
    /// @param revocable whether certificates of this type may be revoked
    /// @param suspendable whether they may be suspended and reinstated
    /// @param members ids of the members allowed to issue it
    /// @return typeId the new type's id
    function registerType(
        string calldata name,
        string[] calldata fields,
        uint40 defaultValidity,
        bool revocable,
        bool suspendable,
        uint32[] calldata members
    ) external returns (uint16 typeId) {
        _checkOperator();
        _checkTypeDefinition(name, fields);
        bytes32 nameHash = keccak256(bytes(name));
        if (_typeByName[nameHash] != 0) revert TypeNameTaken(_typeByName[nameHash]);
        if (typeCount == type(uint16).max) revert InvalidTypeDefinition("type ids exhausted");
        typeId = ++typeCount;
        bytes32 fieldsHash = keccak256(abi.encode(fields));
        _types[typeId] = CertificateType(name, fieldsHash, defaultValidity, revocable, suspendable);
        _typeByName[nameHash] = typeId;
        emit TypeRegistered(typeId, name, fields, fieldsHash, defaultValidity, revocable, suspendable, msg.sender);
        for (uint256 i = 0; i < members.length; ++i) _setTypeIssuer(typeId, members[i], true);
    }

    /// @notice Allow or stop `member` issuing `typeId`. Stopping also strips the type from every
    /// issuer key of that member at once. Governance (CallModule) or PLATFORM_OPERATOR.
    /// @param typeId a registered type
    /// @param member a member id
    /// @param allowed the new permission
    function setTypeIssuer(uint16 typeId, uint32 member, bool allowed) external {
        _checkOperator();
        _requireType(typeId);
        _setTypeIssuer(typeId, member, allowed);
    }

    // ================================================================== issuer keys

    /// @notice Enrol (or re-enrol) an account of the caller's member as an issuer key, for up to
    /// {MAX_KEY_TYPES} types, or for every type the member may issue (`anyType`, one more SLOAD
    /// per issue). The account also needs the CERT_ISSUER role, granted by governance. The
    /// member's admin (Consortium.isAdmin) or the consortium calls this; it is how keys rotate.
    /// @param account an account of the member
    /// @param typeIds types this key may issue (each allowed for the member)
    /// @param anyType whether it may issue any type of its member besides
    function setIssuer(address account, uint16[] calldata typeIds, bool anyType) external {
        uint64 m = IConsortiumDirectory(consortium).memberOf(account);
        if (m == 0) revert NotMemberAccount(account);
        if (m > type(uint32).max) revert UnknownMember(m);
        uint32 member = uint32(m);
        _checkMemberAdmin(member);
        if (typeIds.length > MAX_KEY_TYPES) revert TooManyTypes(typeIds.length, MAX_KEY_TYPES);
        uint256 bits = (uint256(member) << MEMBER_SHIFT) | (_accessWord(account) & NONCE_MASK);
        for (uint256 i = 0; i < typeIds.length; ++i) {
            uint16 t = typeIds[i];
            _requireType(t);
            uint256 p = _typeMembers[_typeKey(t, member)];
            if (p == 0) revert MemberNotAllowedForType(t, member);
            bits |= (uint256(t) | ((p >> 1) << ENTRY_FLAGS_SHIFT)) << (ENTRIES_SHIFT + ENTRY_BITS * i);
        }
        if (anyType) bits |= ANY_TYPE_BIT;
        _setModuleBits(account, bits);
        emit IssuerSet(account, member, typeIds, anyType, msg.sender);
    }

    /// @notice Withdraw an issuer key at once: every order it signed and has not been sent
    /// fails from now on. The admin of the key's enrolled member, or the consortium. The key's
    /// nonce is kept, so re-enrolling it never revives an old order.
    /// @param account the issuer key
    function removeIssuer(address account) external {
        uint256 word = _accessWord(account);
        uint32 member = uint32(word >> MEMBER_SHIFT);
        if (member == 0) revert IssuerNotEnrolled(account);
        _checkMemberAdmin(member);
        _setModuleBits(account, word & NONCE_MASK);
        emit IssuerRemoved(account, member, msg.sender);
    }

    /// @notice Clear the enrolment of a key that no longer belongs to its enrolled member in the
    /// consortium (removed or moved). Anyone may call it: it only applies the consortium's truth.
    /// @param account the stale issuer key
    function syncIssuer(address account) external {
        uint256 word = _accessWord(account);
        uint32 member = uint32(word >> MEMBER_SHIFT);
        if (member == 0 || IConsortiumDirectory(consortium).memberOf(account) == member) {
            revert IssuerInSync(account);
        }
        _setModuleBits(account, word & NONCE_MASK);
        emit IssuerRemoved(account, member, msg.sender);
    }

    // ================================================================== issue

    /// @notice Issue one certificate. An enrolled CERT_ISSUER key allowed the type.
    /// @param id certificateId(contentDigest, holderCommitment), computed in lib/certificates
    /// @param terms typeId | validFrom << 16 | validUntil << 56 (see {ICertificateRegistry})
    function issue(bytes32 id, uint256 terms) external whenNotPaused {
        (uint256 member, uint256 flags) = _authorise(msg.sender, uint16(terms));
        _store(id, _newRecord(terms, member, flags));
        emit CertificateIssued(id, msg.sender);
    }

    /// @notice Issue one certificate and announce where its encrypted payload is (event only).
    /// @param id the certificate id
    /// @param terms packed type and dates
    /// @param uri where the ciphertext can be fetched
    /// @param payloadDigest keccak256 of the ciphertext
    function issueWithPayload(
        bytes32 id,
        uint256 terms,
        string calldata uri,
        bytes32 payloadDigest
    ) external whenNotPaused {
        (uint256 member, uint256 flags) = _authorise(msg.sender, uint16(terms));
        _store(id, _newRecord(terms, member, flags));
        emit CertificateIssued(id, msg.sender);
        emit EncryptedPayload(id, uri, payloadDigest);
    }

    /// @notice Issue a list of individually addressable certificates sharing type and dates.
    /// @param ids the certificate ids (no zero id, no id issued before, no repeats)
    /// @param terms packed type and dates, shared by all
    function issueList(bytes32[] calldata ids, uint256 terms) external whenNotPaused {
        uint256 n = ids.length;
        if (n == 0) revert EmptyBatch();
        (uint256 member, uint256 flags) = _authorise(msg.sender, uint16(terms));
        uint256 record = _newRecord(terms, member, flags);
        for (uint256 i = 0; i < n; ++i) _store(ids[i], record);
        emit CertificatesIssued(msg.sender, record, ids);
    }

    /// @notice Issue a Merkle batch: one root for any number of certificates, each verifiable
    /// alone from its receipt and revocable alone by leaf index.
    /// @param root the root of the sorted-pair tree of leaves (see {ICertificateRegistry})
    /// @param terms typeId | count << 16
    function issueMerkle(bytes32 root, uint256 terms) external {
        _issueMerkleFast(root, terms);
        _issueMerkleChecked(root, terms);
    }

    /// @dev The anchor of thousands of certificates is the cheapest write here, so its common
    /// case runs in assembly: registry not paused, an unfrozen CERT_ISSUER key listing the type,
    /// well-formed terms, a new root. It does what {_issueMerkleChecked} does and ends the call
    /// (STOP: issueMerkle returns nothing); whenever any of that does not hold it returns having
    /// written nothing, and the checked path issues (an any-type key) or reverts with the precise
    /// error. The fuzz tests hold both paths to one result.
    function _issueMerkleFast(bytes32 root, uint256 terms) private {
        (uint256 accessSlot, uint256 pausedSlot) = _accessSlots();
        uint256 roleMask = ISSUER_BIT | Roles.FROZEN_BIT;
        uint256 roleWanted = ISSUER_BIT;
        bytes32 batchIssued = BatchIssued.selector;
        assembly ("memory-safe") {
            let typeId := and(terms, TYPE_MASK)
            let ok := and(iszero(and(sload(pausedSlot), 0xff)), iszero(iszero(root)))
            ok := and(
                ok,
                and(
                    iszero(shr(BATCH_TERMS_BITS, terms)),
                    iszero(iszero(and(shr(BATCH_TERMS_COUNT_OFFSET, terms), COUNT_MASK)))
                )
            )
            if and(ok, iszero(iszero(typeId))) {
                mstore(0x00, caller())
                mstore(0x20, accessSlot)
                let word := sload(keccak256(0x00, 0x40))
                if eq(and(word, roleMask), roleWanted) {
                    let e := shr(ENTRIES_SHIFT, word)
                    for {
                        let i := 0
                    } lt(i, MAX_KEY_TYPES) {
                        i := add(i, 1)
                    } {
                        if eq(and(e, TYPE_MASK), typeId) {
                            mstore(0x00, root)
                            mstore(0x20, _batches.slot)
                            let slot := keccak256(0x00, 0x40)
                            if iszero(sload(slot)) {
                                let record := or(
                                    or(
                                        STATE_ACTIVE,
                                        shl(BATCH_FLAGS_OFFSET, and(shr(ENTRY_FLAGS_SHIFT, e), ENTRY_FLAGS_MASK))
                                    ),
                                    shl(BATCH_MEMBER_OFFSET, and(shr(MEMBER_SHIFT, word), MEMBER_MASK))
                                )
                                record := or(record, shl(BATCH_TERMS_OFFSET, terms))
                                sstore(slot, or(record, shl(BATCH_ISSUED_BLOCK_OFFSET, number())))
                                log2(0, 0, batchIssued, root)
                                stop()
                            }
                            break
                        }
                        e := shr(ENTRY_BITS, e)
                    }
                }
            }
        }
    }

    function _issueMerkleChecked(bytes32 root, uint256 terms) private whenNotPaused {
        (uint256 member, uint256 flags) = _authorise(msg.sender, uint16(terms));
        if (root == bytes32(0) || terms >> BATCH_TERMS_BITS != 0 || uint32(terms >> BATCH_TERMS_COUNT_OFFSET) == 0) {
            revert InvalidBatch(root, terms);
        }
        Word storage batch = _batches[root];
        if (batch.v != 0) revert DuplicateBatch(root);
        batch.v =
            STATE_ACTIVE |
            (flags << BATCH_FLAGS_OFFSET) |
            (member << BATCH_MEMBER_OFFSET) |
            (terms << BATCH_TERMS_OFFSET) |
            (block.number << BATCH_ISSUED_BLOCK_OFFSET);
        emit BatchIssued(root);
    }

    /// @notice Issue one certificate from a clerk's signed EIP-712 order; anyone may send it.
    /// Orders of one key are used in nonce order (nonceOf); the nonce lives in the key's access
    /// word, so using it costs a warm rewrite of a word already read for the permission check.
    /// @param order the order (signer, id, terms, nonce, deadline)
    /// @param signature the signer's 65-byte signature over the order's typed-data hash
    function issueWithOrder(IssueOrder calldata order, bytes calldata signature) external whenNotPaused {
        if (block.timestamp > order.deadline) revert OrderExpired(order.deadline);
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(hashIssueOrder(order), signature);
        if (err != ECDSA.RecoverError.NoError || recovered != order.signer) revert InvalidOrderSignature(order.signer);
        uint256 word = _accessWord(order.signer);
        uint256 nonce = (word & NONCE_MASK) >> NONCE_SHIFT;
        if (order.nonce != nonce || nonce == MAX_NONCE) revert InvalidNonce(order.signer, nonce, order.nonce);
        (uint256 member, uint256 flags) = _authoriseWord(order.signer, word, uint16(order.terms));
        _setModuleBits(order.signer, word + (uint256(1) << NONCE_SHIFT));
        uint256 record = _newRecord(order.terms, member, flags);
        _store(order.id, record);
        emit CertificateIssuedByOrder(order.id, order.signer, msg.sender, order.nonce, record);
    }

    /// @notice Move a key's order nonce forward to `newNonce`, voiding every signed order below
    /// it (MAX_NONCE voids all future orders too). The key itself, an admin of its enrolled
    /// member, or the consortium.
    /// @param signer the issuer key
    /// @param newNonce the next nonce to accept, above the current one
    function bumpNonce(address signer, uint256 newNonce) external {
        uint256 word = _accessWord(signer);
        if (msg.sender != signer) _checkMemberAdmin(uint32(word >> MEMBER_SHIFT));
        uint256 nonce = (word & NONCE_MASK) >> NONCE_SHIFT;
        if (newNonce <= nonce || newNonce > MAX_NONCE) revert InvalidNonce(signer, nonce, newNonce);
        _setModuleBits(signer, (word & ~NONCE_MASK) | (newNonce << NONCE_SHIFT));
        emit NonceBumped(signer, nonce, newNonce, msg.sender);
    }

    // ================================================================== change (变更)

    /// @notice Replace a certificate by a new version in one transaction: the old one becomes
    /// Superseded and points to the new one (successorOf), the new one is flagged as a revision
    /// and the event links both. A key of the old certificate's member, allowed the new type.
    /// @param oldId the active or suspended certificate being replaced
    /// @param newId the new version's id
    /// @param terms the new version's packed type and dates
    /// @param reason why (code table in lib/certificates)
    function supersede(bytes32 oldId, bytes32 newId, uint256 terms, uint8 reason) external whenNotPaused {
        Word storage oldRecord = _records[oldId];
        uint256 old = oldRecord.v;
        if (old == 0) revert UnknownCertificate(oldId);
        (uint256 member, uint256 flags) = _authorise(msg.sender, uint16(terms));
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

    // ================================================================== status of stored certificates

    /// @notice Revoke a certificate (terminal). A key of its issuing member, or the consortium;
    /// its type must be revocable.
    /// @param id the certificate
    /// @param reason the reason code
    function revoke(bytes32 id, uint8 reason) external whenNotPaused {
        (Word storage record, uint256 r) = _loadChecked(id);
        if (r & F_REVOCABLE == 0) revert NotRevocable(id);
        uint256 s = r & STATE_MASK;
        if (s != STATE_ACTIVE && s != STATE_SUSPENDED) revert InvalidTransition(id, uint8(s), uint8(STATE_REVOKED));
        record.v = _withCertState(r, STATE_REVOKED, reason);
        emit CertificateRevoked(id, msg.sender, reason);
    }

    /// @notice Suspend an active certificate. Its type must be suspendable.
    /// @param id the certificate
    /// @param reason the reason code
    function suspend(bytes32 id, uint8 reason) external whenNotPaused {
        (Word storage record, uint256 r) = _loadChecked(id);
        if (r & F_SUSPENDABLE == 0) revert NotSuspendable(id);
        if (r & STATE_MASK != STATE_ACTIVE) revert InvalidTransition(id, uint8(r), uint8(STATE_SUSPENDED));
        record.v = _withCertState(r, STATE_SUSPENDED, reason);
        emit CertificateSuspended(id, msg.sender, reason);
    }

    /// @notice Reinstate a suspended certificate. Its type must be suspendable.
    /// @param id the certificate
    /// @param reason the reason code
    function reinstate(bytes32 id, uint8 reason) external whenNotPaused {
        (Word storage record, uint256 r) = _loadChecked(id);
        if (r & F_SUSPENDABLE == 0) revert NotSuspendable(id);
        if (r & STATE_MASK != STATE_SUSPENDED) revert InvalidTransition(id, uint8(r), uint8(STATE_ACTIVE));
        record.v = _withCertState(r, STATE_ACTIVE, reason);
        emit CertificateReinstated(id, msg.sender, reason);
    }

    // ================================================================== status of Merkle leaves

    /// @notice Revoke one certificate of a Merkle batch by its leaf index.
    /// @param root the batch
    /// @param index the leaf index
    /// @param reason the reason code
    function revokeLeaf(bytes32 root, uint256 index, uint8 reason) external whenNotPaused {
        _changeLeaf(root, index, STATE_REVOKED, reason);
        emit LeafRevoked(root, index, msg.sender, reason);
    }

    /// @notice Suspend one certificate of a Merkle batch.
    /// @param root the batch
    /// @param index the leaf index
    /// @param reason the reason code
    function suspendLeaf(bytes32 root, uint256 index, uint8 reason) external whenNotPaused {
        _changeLeaf(root, index, STATE_SUSPENDED, reason);
        emit LeafSuspended(root, index, msg.sender, reason);
    }

    /// @notice Reinstate a suspended certificate of a Merkle batch.
    /// @param root the batch
    /// @param index the leaf index
    /// @param reason the reason code
    function reinstateLeaf(bytes32 root, uint256 index, uint8 reason) external whenNotPaused {
        _changeLeaf(root, index, STATE_ACTIVE, reason);
        emit LeafReinstated(root, index, msg.sender, reason);
    }

    /// @notice Revoke many leaves of a Merkle batch at once (128 leaves share a storage word).
    /// @param root the batch
    /// @param indexes leaf indexes, each active or suspended, none repeated
    /// @param reason the reason code
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
            uint256 w = index >> 7;
            if (w != current) {
                if (current != type(uint256).max) states[current] = bits;
                current = w;
                bits = states[w];
            }
            uint256 shift = (index & 127) << 1;
            uint256 v = (bits >> shift) & 3;
            if (v == 1) revert InvalidLeafTransition(root, index, uint8(STATE_REVOKED), uint8(STATE_REVOKED));
            bits = (bits & ~(uint256(3) << shift)) | (uint256(1) << shift);
        }
        states[current] = bits;
        emit LeavesRevoked(root, msg.sender, reason, indexes);
    }

    /// @notice Revoke a whole Merkle batch (every leaf at once).
    /// @param root the batch
    /// @param reason the reason code
    function revokeBatch(bytes32 root, uint8 reason) external whenNotPaused {
        uint256 b = _loadBatchChecked(root, STATE_REVOKED);
        _batches[root].v =
            (b & BATCH_KEEP) |
            STATE_REVOKED |
            (block.number << BATCH_UPDATED_BLOCK_OFFSET) |
            (uint256(reason) << BATCH_REASON_OFFSET);
        emit BatchRevoked(root, msg.sender, reason);
    }

    // ================================================================== points ledger

    /// @notice Set the SharingPoints ledger. Governance (CallModule) or PLATFORM_OPERATOR.
    /// @param ledger_ the ledger contract
    function setLedger(address ledger_) external {
        _checkOperator();
        ledger = ledger_;
        emit LedgerChanged(ledger_, msg.sender);
    }

    /// @notice Mark active certificates and batches as credited, once each, and tell the ledger
    /// how many each member contributed. Only the ledger calls this.
    /// @param ids stored certificates to credit
    /// @param roots Merkle batches to credit (each counts its leaves)
    /// @return members the members credited
    /// @return counts the certificates credited to each member
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

    // ================================================================== views

    /// @notice Status, issuing member, type and dates of a stored certificate, in one call.
    /// @dev The hot read path, in assembly: one SLOAD, the answer written straight to return
    /// data (the same rules as {_statusOf}, which the fuzz tests hold it to).
    /// @param id the certificate id
    /// @return status Unknown, Valid, Revoked, Suspended, Expired, Superseded or NotYetValid
    /// @return member the issuing member id
    /// @return typeId the certificate type
    /// @return validFrom first valid second
    /// @return validUntil last valid second (0: no expiry)
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

    /// @notice Only the status of a stored certificate: the cheapest check for another contract.
    /// @param id the certificate id
    /// @return status as in {verify}
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

    /// @notice Status, issuing member, type and dates of a Merkle batch certificate from its
    /// receipt; the proof is checked here. Unknown when the root, index or proof do not match.
    /// @param id the certificate id
    /// @param placement the receipt: root, leaf index, dates and proof
    function verifyReceipt(bytes32 id, Placement calldata placement) public view returns (Verification memory v) {
        uint256 b = _batches[placement.root].v;
        if (b == 0 || placement.index >= uint32(b >> BATCH_COUNT_OFFSET)) return v;
        bytes32 leaf = leafHash(id, placement.index, placement.validFrom, placement.validUntil);
        if (!MerkleProof.verifyCalldata(placement.proof, placement.root, leaf)) return v;
        v.member = uint32(b >> BATCH_MEMBER_OFFSET);
        v.typeId = uint16(b >> BATCH_TYPE_OFFSET);
        v.validFrom = placement.validFrom;
        v.validUntil = placement.validUntil;
        uint256 state = b & STATE_MASK;
        if (state == STATE_ACTIVE) state = _leafState(placement.root, placement.index);
        v.status = Status(_statusOf(state, placement.validFrom, placement.validUntil));
    }

    /// @inheritdoc ICertificateRegistry
    function verifyPlaced(bytes32 id, Placement calldata placement) external view returns (Verification memory) {
        return placement.root == bytes32(0) ? _verify(id) : verifyReceipt(id, placement);
    }

    /// @notice Yes or no: does the holder of `holderCommitment` hold a valid certificate of
    /// `typeId` with this content digest? Reveals nothing else.
    /// @param contentDigest the salted digest of the certificate's canonical document
    /// @param holderCommitment the holder's commitment
    /// @param typeId the type asked about
    function check(bytes32 contentDigest, bytes32 holderCommitment, uint16 typeId) external view returns (bool) {
        Verification memory v = _verify(certificateId(contentDigest, holderCommitment));
        return v.status == Status.Valid && v.typeId == typeId;
    }

    /// @notice {check} for a certificate in any placement (stored or a Merkle receipt).
    /// @param contentDigest the salted digest of the certificate's canonical document
    /// @param holderCommitment the holder's commitment
    /// @param typeId the type asked about
    /// @param placement root 0 for a stored certificate, else the receipt
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

    /// @notice The certificate id of a content digest and a holder commitment.
    function certificateId(bytes32 contentDigest, bytes32 holderCommitment) public pure returns (bytes32) {
        return keccak256(abi.encode(contentDigest, holderCommitment));
    }

    /// @notice The Merkle leaf of a batch certificate.
    function leafHash(bytes32 id, uint256 index, uint40 validFrom, uint40 validUntil) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(id, index, validFrom, validUntil))));
    }

    /// @notice The packed record of a stored certificate (0: unknown); layout in {ICertificateRegistry}.
    function recordOf(bytes32 id) external view returns (uint256) {
        return _records[id].v;
    }

    /// @notice The packed record of a Merkle batch (0: unknown); layout in {ICertificateRegistry}.
    function batchOf(bytes32 root) external view returns (uint256) {
        return _batches[root].v;
    }

    /// @notice The state of one leaf (1 active, 2 revoked, 3 suspended), ignoring the batch state.
    function leafStateOf(bytes32 root, uint256 index) external view returns (uint8) {
        return uint8(_leafState(root, index));
    }

    /// @notice The EIP-712 hash a signer signs for `order`.
    function hashIssueOrder(IssueOrder calldata order) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(ISSUE_ORDER_TYPEHASH, order.signer, order.id, order.terms, order.nonce, order.deadline)
                )
            );
    }

    /// @notice The nonce the next order of `signer` must carry.
    function nonceOf(address signer) external view returns (uint256) {
        return (_accessWord(signer) & NONCE_MASK) >> NONCE_SHIFT;
    }

    /// @notice A registered type.
    function getType(uint16 typeId) external view returns (CertificateType memory) {
        _requireType(typeId);
        return _types[typeId];
    }

    /// @notice Whether `member` may issue `typeId`.
    function isTypeIssuer(uint16 typeId, uint32 member) external view returns (bool) {
        return _typeMembers[_typeKey(typeId, member)] != 0;
    }

    /// @notice The enrolment of an issuer key: its member, listed types and the any-type flag.
    function issuerOf(address account) external view returns (uint32 member, uint16[] memory typeIds, bool anyType) {
        uint256 word = _accessWord(account);
        member = uint32(word >> MEMBER_SHIFT);
        anyType = word & ANY_TYPE_BIT != 0;
        typeIds = _entryTypes(word);
    }

    /// @inheritdoc ICertificateRegistry
    function issuerMember(address account) external view returns (uint32) {
        uint256 word = _accessWord(account);
        if (word & (ISSUER_BIT | Roles.FROZEN_BIT) != ISSUER_BIT) return 0;
        return uint32(word >> MEMBER_SHIFT);
    }

    // ================================================================== internals

    /// @dev The issuing member and the type's flags (revocable | suspendable << 1) if `signer`
    /// may issue `typeId`: one read of its access word, one more only for any-type keys.
    function _authorise(address signer, uint256 typeId) private view returns (uint256 member, uint256 flags) {
        return _authoriseWord(signer, _accessWord(signer), typeId);
    }

    function _authoriseWord(
        address signer,
        uint256 word,
        uint256 typeId
    ) private view returns (uint256 member, uint256 flags) {
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

    function _newRecord(uint256 terms, uint256 member, uint256 flags) private view returns (uint256) {
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

    function _store(bytes32 id, uint256 record) private {
        if (id == bytes32(0)) revert InvalidCertificateId();
        Word storage w = _records[id];
        if (w.v != 0) revert DuplicateCertificate(id);
        w.v = record;
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
        uint256 w = index >> 7;
        uint256 shift = (index & 127) << 1;
        uint256 bits = _leafStates[root][w];
        uint256 from = ((bits >> shift) & 3) + 1;
        bool ok =
            to == STATE_REVOKED
                ? from != STATE_REVOKED
                : (to == STATE_SUSPENDED ? from == STATE_ACTIVE : from == STATE_SUSPENDED);
        if (!ok) revert InvalidLeafTransition(root, index, uint8(from), uint8(to));
        _leafStates[root][w] = (bits & ~(uint256(3) << shift)) | ((to - 1) << shift);
    }

    function _leafState(bytes32 root, uint256 index) private view returns (uint256) {
        return ((_leafStates[root][index >> 7] >> ((index & 127) << 1)) & 3) + 1;
    }

    function _verify(bytes32 id) private view returns (Verification memory v) {
        uint256 r = _records[id].v;
        v.member = uint32(r >> RECORD_MEMBER_OFFSET);
        v.typeId = uint16(r >> RECORD_TYPE_OFFSET);
        v.validFrom = uint40(r >> RECORD_VALID_FROM_OFFSET);
        v.validUntil = uint40(r >> RECORD_VALID_UNTIL_OFFSET);
        v.status = Status(_statusOf(r & STATE_MASK, v.validFrom, v.validUntil));
    }

    /// @dev The Status (as its enum index) of a stored state at the current time: stored state
    /// first, then time; validUntil is the last valid second.
    function _statusOf(uint256 state, uint256 from, uint256 until) private view returns (uint256) {
        if (state != STATE_ACTIVE) return state;
        if (until != 0 && block.timestamp > until) return uint256(Status.Expired);
        if (block.timestamp < from) return uint256(Status.NotYetValid);
        return uint256(Status.Valid);
    }

    function _checkOperator() private view {
        if (msg.sender == consortium) return;
        if (_accessWord(msg.sender) & (OPERATOR_BIT | Roles.FROZEN_BIT) != OPERATOR_BIT) revert NotOperator(msg.sender);
    }

    function _checkMemberAdmin(uint32 member) private view {
        if (msg.sender == consortium) return;
        IConsortiumDirectory dir = IConsortiumDirectory(consortium);
        if (member == 0 || !dir.isAdmin(msg.sender) || dir.memberOf(msg.sender) != member) {
            revert NotMemberAdmin(msg.sender, member);
        }
    }

    function _requireType(uint16 typeId) private view {
        if (typeId == 0 || typeId > typeCount) revert UnknownType(typeId);
    }

    function _typeKey(uint16 typeId, uint32 member) private pure returns (uint256) {
        return (uint256(typeId) << 32) | member;
    }

    function _checkTypeDefinition(string calldata name, string[] calldata fields) private pure {
        uint256 len = bytes(name).length;
        if (len == 0 || len > MAX_NAME) revert InvalidTypeDefinition("name must be 1..64 bytes");
        if (fields.length == 0 || fields.length > MAX_FIELDS) revert InvalidTypeDefinition("1..64 fields");
        for (uint256 i = 0; i < fields.length; ++i) {
            len = bytes(fields[i]).length;
            if (len == 0 || len > MAX_NAME) revert InvalidTypeDefinition("field names must be 1..64 bytes");
            bytes32 h = keccak256(bytes(fields[i]));
            for (uint256 j = 0; j < i; ++j) {
                if (keccak256(bytes(fields[j])) == h) revert InvalidTypeDefinition("duplicate field name");
            }
        }
    }

    function _setTypeIssuer(uint16 typeId, uint32 member, bool allowed) private {
        if (member == 0 || member > IConsortiumDirectory(consortium).memberCount()) revert UnknownMember(member);
        uint256 key = _typeKey(typeId, member);
        if ((_typeMembers[key] != 0) == allowed) revert TypeIssuerUnchanged(typeId, member, allowed);
        if (allowed) {
            CertificateType storage t = _types[typeId];
            _typeMembers[key] = 1 | (t.revocable ? 2 : 0) | (t.suspendable ? 4 : 0);
        } else {
            delete _typeMembers[key];
            _stripType(typeId, member);
        }
        emit TypeIssuerChanged(typeId, member, allowed, msg.sender);
    }

    /// @dev Removes `typeId` from the entries of every key of `member`, at once.
    function _stripType(uint16 typeId, uint32 member) private {
        address[] memory accounts = IConsortiumDirectory(consortium).accountsOf(member);
        for (uint256 a = 0; a < accounts.length; ++a) {
            uint256 word = _accessWord(accounts[a]);
            if (uint32(word >> MEMBER_SHIFT) != member) continue;
            uint256 kept;
            uint256 k;
            bool changed;
            for (uint256 i = 0; i < MAX_KEY_TYPES; ++i) {
                uint256 e = (word >> (ENTRIES_SHIFT + ENTRY_BITS * i)) & ENTRY_MASK;
                if (e == 0) continue;
                if (e & TYPE_MASK == typeId) {
                    changed = true;
                } else {
                    kept |= e << (ENTRY_BITS * k++);
                }
            }
            if (!changed) continue;
            uint256 bits = (word & Roles.MODULE_BITS & ~ENTRIES_MASK) | (kept << ENTRIES_SHIFT);
            _setModuleBits(accounts[a], bits);
            emit IssuerSet(accounts[a], member, _entryTypes(bits), word & ANY_TYPE_BIT != 0, msg.sender);
        }
    }

    function _entryTypes(uint256 word) private pure returns (uint16[] memory typeIds) {
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
