// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICertificateRegistry
/// @notice Types, events, errors and views of the certificate registry (可信电子证照).
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
/// - Merkle leaf = keccak256(bytes.concat(keccak256(abi.encode(id, index, validFrom, validUntil))))
///   (OpenZeppelin StandardMerkleTree leaf encoding, sorted-pair tree).
interface ICertificateRegistry {
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
    /// @notice A whole Merkle batch was revoked.
    event BatchRevoked(bytes32 indexed root, address indexed by, uint8 reason);
    /// @notice The order nonce of `signer` moved from `from` to `to`, voiding orders in between.
    event NonceBumped(address indexed signer, uint256 from, uint256 to, address by);
    /// @notice The points ledger allowed to mark contributions changed.
    event LedgerChanged(address ledger, address by);
    /// @notice `count` certificates under `key` (an id or a root) were credited to `member`.
    event ContributionCredited(bytes32 indexed key, uint32 indexed member, uint256 count);

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
    /// @notice No certificate with this id is stored here.
    error UnknownCertificate(bytes32 id);
    /// @notice No batch with this root is registered here.
    error UnknownBatch(bytes32 root);
    /// @notice `account` does not act for `member`, the issuing member of the certificate.
    error NotIssuingMember(address account, uint32 member);
    /// @notice The certificate's type does not allow revocation.
    error NotRevocable(bytes32 key);
    /// @notice The certificate's type does not allow suspension and reinstatement.
    error NotSuspendable(bytes32 key);
    /// @notice The change asked for is not allowed from the current state (1 active, 2 revoked,
    /// 3 suspended, 5 superseded: the {Status} numbering).
    error InvalidTransition(bytes32 key, uint8 from, uint8 to);
    /// @notice The leaf index is outside the batch.
    error InvalidLeafIndex(bytes32 root, uint256 index, uint256 count);
    /// @notice The leaf change asked for is not allowed from the leaf's current state (same
    /// numbering as {InvalidTransition}; a leaf listed twice in one call fails the second time).
    error InvalidLeafTransition(bytes32 root, uint256 index, uint8 from, uint8 to);
    /// @notice `account` does not belong to any member of the consortium.
    error NotMemberAccount(address account);
    /// @notice The order's deadline has passed.
    error OrderExpired(uint256 deadline);
    /// @notice The signature does not recover to the order's signer (other chain, other
    /// registry, altered order or bad signature).
    error InvalidOrderSignature(address signer);
    /// @notice The order's nonce is not the key's next nonce (`expected`): reused, skipped,
    /// voided by a bump, or a bump that does not move forward.
    error InvalidNonce(address signer, uint256 expected, uint256 given);
    /// @notice `account` is not an admin of `member` (nor the consortium).
    error NotMemberAdmin(address account, uint32 member);
    /// @notice An issuer key lists at most `max` types (use anyType for more).
    error TooManyTypes(uint256 given, uint256 max);
    /// @notice The type definition is malformed; `reason` says how.
    error InvalidTypeDefinition(string reason);
    /// @notice A type with this name exists already.
    error TypeNameTaken(uint16 typeId);
    /// @notice No member with this id exists, or it does not fit 32 bits.
    error UnknownMember(uint64 memberId);
    /// @notice The permission asked for is already in place.
    error TypeIssuerUnchanged(uint16 typeId, uint32 member, bool allowed);
    /// @notice Only governance (the consortium) or a PLATFORM_OPERATOR may do this.
    error NotOperator(address account);
    /// @notice Only the points ledger may mark contributions.
    error NotLedger(address account);
    /// @notice The certificate or batch was credited already, or is not active.
    error NotCreditable(bytes32 key);
    /// @notice The account is not enrolled, or still belongs to its enrolled member.
    error IssuerInSync(address account);

    // ------------------------------------------------------------------ views used by siblings

    /// @notice Like {verify} for any placement: stored (root 0) or a Merkle receipt.
    function verifyPlaced(bytes32 id, Placement calldata placement) external view returns (Verification memory);

    /// @notice The issuing member whose enrolled, unfrozen CERT_ISSUER key `account` is (0: none).
    function issuerMember(address account) external view returns (uint32);
}
