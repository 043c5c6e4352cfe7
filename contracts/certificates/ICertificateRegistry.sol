// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumModule} from "../access/IConsortiumModule.sol";
import {ICertificateErrors} from "./ICertificateErrors.sol";

/// @title ICertificateRegistry
/// @notice Everything the certificate registry (可信电子证照) offers: its types, events, errors and
/// every external function, documented here and inherited by its parts.
/// @dev Identifiers and packed words (all computed by lib/certificates):
/// - certificate id = keccak256(abi.encode(contentDigest, holderCommitment)), where
///   contentDigest is the salted digest of the canonical JSON document and holderCommitment =
///   keccak256(abi.encode(holderBlind, holderKey)), holderBlind = salted hash of the holder id.
///   No personal data reaches the chain; the id binds the document to its holder.
/// - terms (issue input) = typeId | validFrom << 16 | validUntil << 56 (uint16, uint40, uint40;
///   validFrom 0 = now, validUntil 0 = no expiry).
/// - batch terms (Merkle input) = typeId | count << 16 (uint16, uint32).
/// - record (one slot per certificate) = state | flags << 8 | member << 16 | typeId << 48 |
///   validFrom << 64 | validUntil << 104 | issuedBlock << 144 | updatedBlock << 184 | reason << 224.
/// - batch record (one slot per Merkle root) = state | flags << 8 | member << 16 | typeId << 48 |
///   count << 64 | issuedBlock << 96 | updatedBlock << 136 | reason << 176.
/// The words' offsets and masks are named once in CertificateRecord.sol (and lib/certificates/layout.ts).
/// - Merkle leaf = keccak256(bytes.concat(keccak256(abi.encode(id, index, validFrom, validUntil))))
///   (OpenZeppelin StandardMerkleTree leaf encoding, sorted-pair tree).
/// Besides its own, it offers what every module of the kit does ({IConsortiumModule}: pause,
/// freeze, the mirrored access words and the shared refusals such as NotOperator).
interface ICertificateRegistry is IConsortiumModule, ICertificateErrors {
    /// @notice What a verifier learns about a certificate now.
    enum Status {
        Unknown, // never issued here, or the receipt's proof does not match a registered root
        Valid,
        Revoked,
        Suspended,
        Expired, // past validUntil: no transaction needed
        Superseded, // replaced by a newer version (see successorOf)
        NotYetValid // before validFrom
    }

    /// @notice The answer of one verification call.
    struct Verification {
        Status status;
        uint32 member; // issuing member id
        uint16 typeId;
        uint40 validFrom;
        uint40 validUntil; // 0: no expiry
    }

    /// @notice Where a certificate lives: root 0 for a certificate stored on its own, otherwise
    /// the Merkle batch root with the leaf's index, dates and proof (a receipt).
    struct Placement {
        bytes32 root;
        uint256 index;
        uint40 validFrom;
        uint40 validUntil;
        bytes32[] proof;
    }

    /// @notice A Merkle leaf its ledger has proven in its batch (by multiproof): the certificate
    /// id, its index in the batch and its dates, in the order of the leaf's ABI encoding.
    struct ProvenLeaf {
        bytes32 id;
        uint256 index;
        uint40 validFrom;
        uint40 validUntil;
    }

    /// @notice An EIP-712 issue order signed by an issuer key (a clerk) and sent by anyone.
    struct IssueOrder {
        address signer;
        bytes32 id;
        uint256 terms;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice A certificate type as registered.
    struct CertificateType {
        string name;
        bytes32 fieldsHash; // keccak256(abi.encode(string[] fields))
        uint40 defaultValidity; // seconds; applied by clients when no validUntil is given (0: none)
        bool revocable;
        bool suspendable;
    }

    // ------------------------------------------------------------------ events

    /// @notice A certificate type was registered; `fields` is the canonical document's field list.
    event TypeRegistered(
        uint16 indexed typeId,
        string name,
        string[] fields,
        bytes32 fieldsHash,
        uint40 defaultValidity,
        bool revocable,
        bool suspendable,
        address by
    );
    /// @notice `member` may (or may no longer) issue certificates of `typeId`.
    event TypeIssuerChanged(uint16 indexed typeId, uint32 indexed member, bool allowed, address by);
    /// @notice `account` was enrolled as an issuer key of `member` for `typeIds` (or any of the
    /// member's types when `anyType`).
    event IssuerSet(address indexed account, uint32 indexed member, uint16[] typeIds, bool anyType, address by);
    /// @notice `account` is no longer an issuer key of `member` here.
    event IssuerRemoved(address indexed account, uint32 indexed member, address by);
    /// @notice One certificate was issued by `signer` (its record: recordOf(id)).
    event CertificateIssued(bytes32 indexed id, address indexed signer);
    /// @notice One certificate was issued from an EIP-712 order of `signer`, sent by `relayer`.
    event CertificateIssuedByOrder(
        bytes32 indexed id,
        address indexed signer,
        address relayer,
        uint256 nonce,
        uint256 record
    );
    /// @notice An encrypted payload of a certificate is available at `uri` (digest of the ciphertext).
    event EncryptedPayload(bytes32 indexed id, string uri, bytes32 payloadDigest);
    /// @notice Certificates `ids` were issued together by `signer`, each with the same `record`.
    event CertificatesIssued(address indexed signer, uint256 record, bytes32[] ids);
    /// @notice A Merkle batch was issued (its record: batchOf(root)). A batch is never relayed: its
    /// signer is the transaction's sender, so the event leaves it out and the anchor of thousands
    /// of certificates stays one two-topic log.
    event BatchIssued(bytes32 indexed root);
    /// @notice `oldId` was replaced by `newId` in one transaction (the new record: recordOf(newId)).
    event CertificateSuperseded(bytes32 indexed oldId, bytes32 indexed newId, address indexed signer, uint8 reason);
    /// @notice A stored certificate was revoked.
    event CertificateRevoked(bytes32 indexed id, address indexed by, uint8 reason);
    /// @notice A stored certificate was suspended.
    event CertificateSuspended(bytes32 indexed id, address indexed by, uint8 reason);
    /// @notice A suspended certificate was reinstated.
    event CertificateReinstated(bytes32 indexed id, address indexed by, uint8 reason);
    /// @notice One leaf of a Merkle batch was revoked.
    event LeafRevoked(bytes32 indexed root, uint256 indexed index, address indexed by, uint8 reason);
    /// @notice One leaf of a Merkle batch was suspended.
    event LeafSuspended(bytes32 indexed root, uint256 indexed index, address indexed by, uint8 reason);
    /// @notice A suspended leaf of a Merkle batch was reinstated.
    event LeafReinstated(bytes32 indexed root, uint256 indexed index, address indexed by, uint8 reason);
    /// @notice Several leaves of a Merkle batch were revoked at once.
    event LeavesRevoked(bytes32 indexed root, address indexed by, uint8 reason, uint256[] indexes);
    /// @notice Leaves of a Merkle batch were revoked by masks: bit 2k of `masks[i]` set means leaf
    /// (firstWord + i) * 128 + k was revoked (the layout of the batch's leaf-state words).
    event LeafMasksRevoked(bytes32 indexed root, address indexed by, uint8 reason, uint256 firstWord, uint256[] masks);
    /// @notice A whole Merkle batch was revoked.
    event BatchRevoked(bytes32 indexed root, address indexed by, uint8 reason);
    /// @notice The order nonce of `signer` moved from `from` to `to`, voiding orders in between.
    event NonceBumped(address indexed signer, uint256 from, uint256 to, address by);
    /// @notice The points ledger allowed to mark contributions changed.
    event LedgerChanged(address ledger, address by);
    /// @notice `count` certificates under `key` (an id or a root) were credited to `member`.
    event ContributionCredited(bytes32 indexed key, uint32 indexed member, uint256 count);
    /// @notice Certificate `id` of Merkle batch `root` is claimed for `member`, its issuing member:
    /// the first on-chain proof of the id, or a proof from a batch anchored before the claim it replaces.
    event CertificatePlaced(bytes32 indexed id, bytes32 indexed root, uint32 indexed member);

    // ------------------------------------------------------------------ errors

    /// @notice `account` does not hold CERT_ISSUER here, or is frozen here.
    error NotIssuer(address account);
    /// @notice `account` holds CERT_ISSUER but its member has not enrolled it here.
    error IssuerNotEnrolled(address account);
    /// @notice No type `typeId` is registered.
    error UnknownType(uint16 typeId);
    /// @notice `account` may not issue type `typeId` (not among its types, or its member lost it).
    error TypeNotAllowed(address account, uint16 typeId);
    /// @notice `member` is not allowed to issue `typeId`.
    error MemberNotAllowedForType(uint16 typeId, uint32 member);
    /// @notice Malformed terms: unknown high bits, validUntil not after validFrom, or already expired.
    error InvalidTerms(uint256 terms);
    /// @notice The zero id is not a certificate.
    error InvalidCertificateId();
    /// @notice A certificate with this id exists already (ids are never overwritten).
    error DuplicateCertificate(bytes32 id);
    /// @notice A batch with this root exists already.
    error DuplicateBatch(bytes32 root);
    /// @notice Zero root, zero count or unknown high bits in batch terms.
    error InvalidBatch(bytes32 root, uint256 terms);
    /// @notice A batch needs at least one certificate.
    error EmptyBatch();
    /// @notice No batch with this root is registered here.
    error UnknownBatch(bytes32 root);
    /// @notice The certificate's type does not allow revocation.
    error NotRevocable(bytes32 key);
    /// @notice The certificate's type does not allow suspension and reinstatement.
    error NotSuspendable(bytes32 key);
    /// @notice The change asked for is not allowed from the current state (1 active, 2 revoked,
    /// 3 suspended, 5 superseded: the {Status} numbering).
    error InvalidTransition(bytes32 key, uint8 from, uint8 to);
    /// @notice A successor keeps its predecessor's type: supersede cannot end a certificate by
    /// turning it into another type (POL-02).
    error SuccessorTypeMismatch(bytes32 oldId, uint16 oldType, uint16 newType);
    /// @notice The leaf index is outside the batch.
    error InvalidLeafIndex(bytes32 root, uint256 index, uint256 count);
    /// @notice A leaf mask marks no leaf, sets a bit other than the low bit of a leaf's pair, or
    /// lies beyond any batch's words.
    error InvalidLeafMask(bytes32 root, uint256 word, uint256 mask);
    /// @notice The leaf change asked for is not allowed from the leaf's current state (same
    /// numbering as {InvalidTransition}; a leaf listed twice in one call fails the second time).
    error InvalidLeafTransition(bytes32 root, uint256 index, uint8 from, uint8 to);
    /// @notice The order's deadline has passed.
    error OrderExpired(uint256 deadline);
    /// @notice The signature does not recover to the order's signer (other chain, other
    /// registry, altered order or bad signature).
    error InvalidOrderSignature(address signer);
    /// @notice The order's nonce is not the key's next nonce (`expected`): reused, skipped,
    /// voided by a bump, or a bump that does not move forward.
    error InvalidNonce(address signer, uint256 expected, uint256 given);
    /// @notice An issuer key lists at most `max` types (use anyType for more).
    error TooManyTypes(uint256 given, uint256 max);
    /// @notice The type definition is malformed; `reason` says how.
    error InvalidTypeDefinition(string reason);
    /// @notice A type with this name exists already.
    error TypeNameTaken(uint16 typeId);
    /// @notice The permission asked for is already in place.
    error TypeIssuerUnchanged(uint16 typeId, uint32 member, bool allowed);
    /// @notice Only the points ledger may mark contributions.
    error NotLedger(address account);
    /// @notice The certificate or batch was credited already, or is not active.
    error NotCreditable(bytes32 key);
    /// @notice Placements must be none (all stored) or one per certificate id.
    error PlacementsMismatch(uint256 ids, uint256 placements);
    /// @notice The account is not enrolled, or still belongs to its enrolled member.
    error IssuerInSync(address account);

    // ------------------------------------------------------------------ constants

    /// @notice Type entries an issuer key holds in its access word.
    function MAX_KEY_TYPES() external view returns (uint256);

    /// @notice The highest order nonce; a key bumped to it accepts no more orders.
    function MAX_NONCE() external view returns (uint256);

    /// @notice EIP-712 type of a delegated issue order.
    function ISSUE_ORDER_TYPEHASH() external view returns (bytes32);

    // ------------------------------------------------------------------ types

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
    ) external returns (uint16 typeId);

    /// @notice Allow or stop `member` issuing `typeId`. Stopping also strips the type from every
    /// issuer key of that member at once. Governance (CallModule) or PLATFORM_OPERATOR.
    /// @param typeId a registered type
    /// @param member a member id
    /// @param allowed the new permission
    function setTypeIssuer(uint16 typeId, uint32 member, bool allowed) external;

    // ------------------------------------------------------------------ issuer keys

    /// @notice Enrol (or re-enrol) an account of the caller's member as an issuer key, for up to
    /// {MAX_KEY_TYPES} types, or for every type the member may issue (`anyType`, one more SLOAD
    /// per issue). The account also needs the CERT_ISSUER role, granted by governance. The
    /// member's admin (Consortium.isAdmin) or the consortium calls this; it is how keys rotate.
    /// An admin of a suspended or expelled member is refused (InactiveMember).
    /// @param account an account of the member
    /// @param typeIds types this key may issue (each allowed for the member)
    /// @param anyType whether it may issue any type of its member besides
    function setIssuer(address account, uint16[] calldata typeIds, bool anyType) external;

    /// @notice Withdraw an issuer key at once: every order it signed and has not been sent
    /// fails from now on. The admin of the key's enrolled member, or the consortium. The key's
    /// nonce is kept, so re-enrolling it never revives an old order. The admin's member must
    /// be active (InactiveMember).
    /// @param account the issuer key
    function removeIssuer(address account) external;

    /// @notice Clear the enrolment of a key that no longer belongs to its enrolled member in the
    /// consortium (removed or moved). Anyone may call it: it only applies the consortium's truth.
    /// The consortium's push does this already in the transaction that ends the membership
    /// (CERT-72); this stays for a mirror that missed that push.
    /// @param account the stale issuer key
    function syncIssuer(address account) external;

    /// @notice Move a key's order nonce forward to `newNonce`, voiding every signed order below
    /// it (MAX_NONCE voids all future orders too). The key itself, an admin of its enrolled
    /// member while that member is active (InactiveMember otherwise), or the consortium.
    /// @param signer the issuer key
    /// @param newNonce the next nonce to accept, above the current one
    function bumpNonce(address signer, uint256 newNonce) external;

    // ------------------------------------------------------------------ issue

    /// @notice Issue one certificate. An enrolled CERT_ISSUER key allowed the type.
    /// @param id certificateId(contentDigest, holderCommitment), computed in lib/certificates
    /// @param terms typeId | validFrom << 16 | validUntil << 56
    function issue(bytes32 id, uint256 terms) external;

    /// @notice Issue one certificate and announce where its encrypted payload is (event only).
    /// @param id the certificate id
    /// @param terms packed type and dates
    /// @param uri where the ciphertext can be fetched
    /// @param payloadDigest keccak256 of the ciphertext
    function issueWithPayload(bytes32 id, uint256 terms, string calldata uri, bytes32 payloadDigest) external;

    /// @notice Issue a list of individually addressable certificates sharing type and dates.
    /// @param ids the certificate ids (no zero id, no id issued before, no repeats)
    /// @param terms packed type and dates, shared by all
    function issueList(bytes32[] calldata ids, uint256 terms) external;

    /// @notice Issue a Merkle batch: one root for any number of certificates, each verifiable
    /// alone from its receipt and revocable alone by leaf index.
    /// @param root the root of the sorted-pair tree of leaves
    /// @param terms typeId | count << 16
    function issueMerkle(bytes32 root, uint256 terms) external;

    /// @notice Issue one certificate from a clerk's signed EIP-712 order; anyone may send it.
    /// Orders of one key are used in nonce order ({nonceOf}).
    /// @param order the order (signer, id, terms, nonce, deadline)
    /// @param signature the signer's 65-byte signature over the order's typed-data hash
    function issueWithOrder(IssueOrder calldata order, bytes calldata signature) external;

    // ------------------------------------------------------------------ change (变更) and status

    /// @notice Replace a certificate by a new version in one transaction: the old one becomes
    /// Superseded and points to the new one ({successorOf}), the new one is flagged as a
    /// revision and the event links both. A key of the old certificate's member, allowed its
    /// type; the new version keeps that type (SuccessorTypeMismatch).
    /// @param oldId the active or suspended certificate being replaced
    /// @param newId the new version's id
    /// @param terms the new version's packed type and dates
    /// @param reason why (code table in lib/certificates)
    function supersede(bytes32 oldId, bytes32 newId, uint256 terms, uint8 reason) external;

    /// @notice Revoke a certificate (terminal). A key of its issuing member, or the consortium;
    /// its type must be revocable.
    /// @param id the certificate
    /// @param reason the reason code
    function revoke(bytes32 id, uint8 reason) external;

    /// @notice Suspend an active certificate. Its type must be suspendable.
    /// @param id the certificate
    /// @param reason the reason code
    function suspend(bytes32 id, uint8 reason) external;

    /// @notice Reinstate a suspended certificate. Its type must be suspendable.
    /// @param id the certificate
    /// @param reason the reason code
    function reinstate(bytes32 id, uint8 reason) external;

    /// @notice Revoke one certificate of a Merkle batch by its leaf index.
    /// @param root the batch
    /// @param index the leaf index
    /// @param reason the reason code
    function revokeLeaf(bytes32 root, uint256 index, uint8 reason) external;

    /// @notice Suspend one certificate of a Merkle batch.
    /// @param root the batch
    /// @param index the leaf index
    /// @param reason the reason code
    function suspendLeaf(bytes32 root, uint256 index, uint8 reason) external;

    /// @notice Reinstate a suspended certificate of a Merkle batch.
    /// @param root the batch
    /// @param index the leaf index
    /// @param reason the reason code
    function reinstateLeaf(bytes32 root, uint256 index, uint8 reason) external;

    /// @notice Revoke many leaves of a Merkle batch at once (128 leaves share a storage word).
    /// @param root the batch
    /// @param indexes leaf indexes, each active or suspended, none repeated
    /// @param reason the reason code
    function revokeLeaves(bytes32 root, uint256[] calldata indexes, uint8 reason) external;

    /// @notice Dense revocation: many leaves at once, named by masks in the layout of the
    /// batch's leaf-state words (128 leaves a word, two bits a leaf): bit 2k of `masks[i]`
    /// revokes leaf (firstWord + i) * 128 + k. Each word is read and written once and the event
    /// carries the masks, so a run of leaves costs its storage words, not a loop per leaf.
    /// Refused whole as {revokeLeaves} is: a marked leaf revoked before (InvalidLeafTransition)
    /// or at or past the batch's count (InvalidLeafIndex), a mask that marks nothing or sets an
    /// odd bit (InvalidLeafMask).
    /// @param root the batch
    /// @param firstWord the leaf-state word of masks[0] (leaf index / 128)
    /// @param masks one per consecutive word, each marking at least one leaf
    /// @param reason the reason code
    function revokeLeafMasks(bytes32 root, uint256 firstWord, uint256[] calldata masks, uint8 reason) external;

    /// @notice Revoke a whole Merkle batch (every leaf at once).
    /// @param root the batch
    /// @param reason the reason code
    function revokeBatch(bytes32 root, uint8 reason) external;

    // ------------------------------------------------------------------ points ledger

    /// @notice Set the SharingPoints ledger. Governance (CallModule) or PLATFORM_OPERATOR.
    /// @param ledger_ the ledger contract
    function setLedger(address ledger_) external;

    /// @notice Mark live certificates as credited, once per id, and tell the ledger how many
    /// each member contributed. A Merkle certificate counts only when its receipt is proven
    /// here (and claims the id for its member, see {resolve}), so a batch earns for the leaves
    /// shown, never for the count it declared. Revoked, suspended, superseded or expired
    /// certificates earn nothing. Only the ledger calls this.
    /// @param ids the certificate ids to credit
    /// @param placements none when every id is stored, else one per id (root 0: stored)
    /// @return members the members credited
    /// @return counts the certificates credited to each member
    function markCredited(
        bytes32[] calldata ids,
        Placement[] calldata placements
    ) external returns (uint32[] memory members, uint256[] memory counts);

    /// @notice Mark leaves of one Merkle batch credited, once per id, after the ledger proved
    /// them all in `root` with one multiproof (CERT-92). Each leaf is held to the rules of
    /// {markCredited} but the proof: an index at or past the batch's count, an id another member
    /// claimed first (CERT-60), a revoked, suspended or expired leaf, or one already credited
    /// refuses the whole call (NotCreditable). Only the ledger calls this.
    /// @param root the batch
    /// @param leaves the leaves the ledger proved in `root`
    /// @return member the batch's issuing member, credited for every leaf
    /// @return count the leaves credited
    function creditProvenLeaves(
        bytes32 root,
        ProvenLeaf[] calldata leaves
    ) external returns (uint32 member, uint256 count);

    /// @notice The SharingPoints ledger allowed to mark contributions as credited.
    function ledger() external view returns (address);

    // ------------------------------------------------------------------ verification

    /// @notice Status, issuing member, type and dates of a stored certificate, in one call.
    /// @param id the certificate id
    /// @return status Unknown, Valid, Revoked, Suspended, Expired, Superseded or NotYetValid
    /// @return member the issuing member id
    /// @return typeId the certificate type
    /// @return validFrom first valid second
    /// @return validUntil last valid second (0: no expiry)
    function verify(
        bytes32 id
    ) external view returns (Status status, uint32 member, uint16 typeId, uint40 validFrom, uint40 validUntil);

    /// @notice Only the status of a stored certificate: the cheapest check for another contract.
    /// @param id the certificate id
    /// @return status as in {verify}
    function statusOf(bytes32 id) external view returns (Status status);

    /// @notice Status, issuing member, type and dates of a Merkle batch certificate from its
    /// receipt; the proof is checked here. Unknown when the root, index or proof do not match, or
    /// when another member stored or claimed the id no later than this batch was anchored.
    /// @param id the certificate id
    /// @param placement the receipt: root, leaf index, dates and proof
    function verifyReceipt(bytes32 id, Placement calldata placement) external view returns (Verification memory v);

    /// @notice {verifyPlaced} that also records what it proved: the first proof of a Merkle
    /// certificate claims its id for the batch's member (an event, and the id can no longer be
    /// stored or claimed by a later batch of another member). The canonical issuing member for
    /// DisclosureGrants and SharingPoints: anyone may call it.
    /// @param id the certificate id
    /// @param placement root 0 for a stored certificate, else the receipt
    /// @return v as in {verifyPlaced}
    function resolve(bytes32 id, Placement calldata placement) external returns (Verification memory v);

    /// @notice Like {verify} for any placement: stored (root 0) or a Merkle receipt.
    /// @param id the certificate id
    /// @param placement root 0 for a stored certificate, else the receipt
    function verifyPlaced(bytes32 id, Placement calldata placement) external view returns (Verification memory);

    /// @notice Yes or no: does the holder of `holderCommitment` hold a valid certificate of
    /// `typeId` with this content digest? Reveals nothing else.
    /// @param contentDigest the salted digest of the certificate's canonical document
    /// @param holderCommitment the holder's commitment
    /// @param typeId the type asked about
    function check(bytes32 contentDigest, bytes32 holderCommitment, uint16 typeId) external view returns (bool);

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
    ) external view returns (bool);

    /// @notice The certificate id of a content digest and a holder commitment.
    function certificateId(bytes32 contentDigest, bytes32 holderCommitment) external pure returns (bytes32);

    /// @notice The Merkle leaf of a batch certificate.
    function leafHash(bytes32 id, uint256 index, uint40 validFrom, uint40 validUntil) external pure returns (bytes32);

    // ------------------------------------------------------------------ raw state

    /// @notice The packed record of a stored certificate (0: unknown).
    function recordOf(bytes32 id) external view returns (uint256);

    /// @notice The packed record of a Merkle batch (0: unknown).
    function batchOf(bytes32 root) external view returns (uint256);

    /// @notice The state of one leaf (1 active, 2 revoked, 3 suspended), ignoring the batch state.
    function leafStateOf(bytes32 root, uint256 index) external view returns (uint8);

    /// @notice The newer version that replaced a certificate (0: none).
    function successorOf(bytes32 oldId) external view returns (bytes32 newId);

    // ------------------------------------------------------------------ types and keys

    /// @notice Number of registered types (ids run from 1 to this).
    function typeCount() external view returns (uint16);

    /// @notice A registered type.
    function getType(uint16 typeId) external view returns (CertificateType memory);

    /// @notice Whether `member` may issue `typeId`.
    function isTypeIssuer(uint16 typeId, uint32 member) external view returns (bool);

    /// @notice The enrolment of an issuer key: its member, listed types and the any-type flag.
    function issuerOf(address account) external view returns (uint32 member, uint16[] memory typeIds, bool anyType);

    /// @notice The issuing member whose enrolled, unfrozen CERT_ISSUER key `account` is (0: none).
    function issuerMember(address account) external view returns (uint32);

    /// @notice The nonce the next order of `signer` must carry.
    function nonceOf(address signer) external view returns (uint256);

    /// @notice The EIP-712 hash a signer signs for `order`.
    function hashIssueOrder(IssueOrder calldata order) external view returns (bytes32);
}
