// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ConsortiumGoverned} from "../access/ConsortiumGoverned.sol";
import {Roles} from "../access/Roles.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IConsortiumDirectory} from "../access/IConsortiumDirectory.sol";

/// @title DisclosureGrants
/// @notice Who may see the details of a certificate (详情查询, 授权查验): the holder decides by an
/// EIP-712 consent signed with the holder key bound into the certificate's holder commitment,
/// or the issuing member grants it. Every grant is recorded here with its expiry; the issuer
/// then sends the detail encrypted to the grantee's registered public key (ECIES, lib/certificates).
/// @dev The holder proves it is the holder without revealing who it is: it reveals the content
/// digest and its salted holder blind, and the contract checks
/// keccak256(abi.encode(contentDigest, keccak256(abi.encode(blind, signer)))) == certificateId.
contract DisclosureGrants is ConsortiumGoverned, EIP712 {
    /// @notice A holder's consent: `grantee` may see the details of `certificateId` until
    /// `expiresAt` (0 or past: withdraw an earlier consent). Valid for submission until `deadline`.
    struct Consent {
        bytes32 certificateId;
        address grantee;
        uint64 expiresAt;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 type of a holder consent.
    bytes32 public constant CONSENT_TYPEHASH = keccak256(
        "Consent(bytes32 certificateId,address grantee,uint64 expiresAt,uint256 nonce,uint256 deadline)"
    );

    /// @notice The registry whose certificates grants refer to.
    ICertificateRegistry public immutable registry;

    /// @dev id => grantee => expiresAt | byHolder << 64 | grantedAt << 72
    mapping(bytes32 id => mapping(address grantee => uint256)) private _grants;
    mapping(address holder => mapping(uint256 word => uint256)) private _nonces;
    /// @notice The 64-byte uncompressed secp256k1 public key details are encrypted to.
    mapping(address account => bytes) public encryptionKey;

    /// @notice `grantee` may see the details of `id` until `expiresAt`, granted by the holder
    /// (`byHolder`) or by the issuing member through `granter`.
    event GrantRecorded(
        bytes32 indexed id,
        address indexed grantee,
        address indexed granter,
        uint64 expiresAt,
        bool byHolder,
        uint32 member
    );
    /// @notice A grant was withdrawn by the holder (`byHolder`) or the issuing member.
    event GrantRevoked(bytes32 indexed id, address indexed grantee, address indexed by, bool byHolder);
    /// @notice `account` registered the public key details are encrypted to.
    event EncryptionKeySet(address indexed account, bytes publicKey);
    /// @notice The issuing member delivered the encrypted detail of `id` to `grantee`.
    event DetailDelivered(
        bytes32 indexed id,
        address indexed grantee,
        address indexed by,
        string uri,
        bytes32 ciphertextDigest
    );
    /// @notice A holder withdrew a consent nonce before it was used.
    event ConsentNonceCancelled(address indexed holder, uint256 nonce);

    /// @notice The consent's submission deadline has passed.
    error ConsentExpired(uint256 deadline);
    /// @notice The signature is malformed.
    error InvalidConsentSignature();
    /// @notice The signer is not the holder bound into `id` (wrong key, other chain, other
    /// contract, altered consent or wrong proof of holdership).
    error NotHolder(bytes32 id, address signer);
    /// @notice The holder's consent nonce was used or cancelled.
    error ConsentNonceUsed(address holder, uint256 nonce);
    /// @notice The certificate is not known to the registry in that placement.
    error UnknownCertificate(bytes32 id);
    /// @notice `account` does not act for `member`, the issuing member.
    error NotIssuingMember(address account, uint32 member);
    /// @notice A grant must expire in the future.
    error InvalidGrantExpiry(uint64 expiresAt);
    /// @notice The zero address cannot be a grantee.
    error InvalidGrantee();
    /// @notice `grantee` holds no grant on `id`.
    error NoGrant(bytes32 id, address grantee);
    /// @notice The grant of `grantee` on `id` expired at `expiresAt`.
    error GrantExpired(bytes32 id, address grantee, uint64 expiresAt);
    /// @notice The holder granted this; only the holder withdraws it.
    error HolderGrant(bytes32 id, address grantee);
    /// @notice The key is not the 64-byte public key of the caller.
    error InvalidEncryptionKey();

    constructor(
        address consortium_,
        ICertificateRegistry registry_
    ) ConsortiumGoverned(consortium_) EIP712("DisclosureGrants", "1") {
        registry = registry_;
    }

    /// @notice Record a holder's consent (or its withdrawal when expiresAt is 0 or past).
    /// Anyone may submit it; the signature proves the holder.
    /// @param consent the signed consent
    /// @param contentDigest the certificate's content digest (reveals nothing: it is salted)
    /// @param holderBlind the holder's salted blind (reveals nothing)
    /// @param placement where the certificate lives (root 0: stored)
    /// @param signature the holder key's signature over the consent's typed-data hash
    function grantByHolder(
        Consent calldata consent,
        bytes32 contentDigest,
        bytes32 holderBlind,
        ICertificateRegistry.Placement calldata placement,
        bytes calldata signature
    ) external whenNotPaused {
        if (block.timestamp > consent.deadline) revert ConsentExpired(consent.deadline);
        (address holder, ECDSA.RecoverError err, ) = ECDSA.tryRecover(hashConsent(consent), signature);
        if (err != ECDSA.RecoverError.NoError) revert InvalidConsentSignature();
        bytes32 commitment = keccak256(abi.encode(holderBlind, holder));
        if (keccak256(abi.encode(contentDigest, commitment)) != consent.certificateId) {
            revert NotHolder(consent.certificateId, holder);
        }
        _useNonce(holder, consent.nonce);
        ICertificateRegistry.Verification memory v = _known(consent.certificateId, placement);
        if (consent.grantee == address(0)) revert InvalidGrantee();
        if (consent.expiresAt <= block.timestamp) {
            delete _grants[consent.certificateId][consent.grantee];
            emit GrantRevoked(consent.certificateId, consent.grantee, holder, true);
            return;
        }
        _record(consent.certificateId, consent.grantee, consent.expiresAt, true, holder, v.member);
    }

    /// @notice Withdraw an unused consent nonce; the holder key itself.
    /// @param nonce the nonce
    function cancelConsentNonce(uint256 nonce) external {
        _useNonce(msg.sender, nonce);
        emit ConsentNonceCancelled(msg.sender, nonce);
    }

    /// @notice Grant `grantee` the details of a certificate as its issuing member: an enrolled
    /// issuer key or an admin of that member.
    /// @param id the certificate id
    /// @param placement where it lives (root 0: stored)
    /// @param grantee who may see the details
    /// @param expiresAt when the grant ends (in the future)
    function grantByIssuer(
        bytes32 id,
        ICertificateRegistry.Placement calldata placement,
        address grantee,
        uint64 expiresAt
    ) external whenNotPaused {
        uint32 member = _checkIssuingMember(id, placement);
        if (grantee == address(0)) revert InvalidGrantee();
        if (expiresAt <= block.timestamp) revert InvalidGrantExpiry(expiresAt);
        _record(id, grantee, expiresAt, false, msg.sender, member);
    }

    /// @notice Withdraw a grant the issuing member made (a holder's consent is the holder's to
    /// withdraw).
    /// @param id the certificate id
    /// @param placement where it lives (root 0: stored)
    /// @param grantee whose grant ends
    function revokeGrant(
        bytes32 id,
        ICertificateRegistry.Placement calldata placement,
        address grantee
    ) external whenNotPaused {
        _checkIssuingMember(id, placement);
        uint256 g = _grants[id][grantee];
        if (g == 0) revert NoGrant(id, grantee);
        if ((g >> 64) & 1 == 1) revert HolderGrant(id, grantee);
        delete _grants[id][grantee];
        emit GrantRevoked(id, grantee, msg.sender, false);
    }

    /// @notice Register the public key details are encrypted to (64 bytes, uncompressed, no
    /// 0x04 prefix); it must be the caller's own key.
    /// @param publicKey the secp256k1 public key of msg.sender
    function setEncryptionKey(bytes calldata publicKey) external whenNotPaused {
        if (publicKey.length != 64 || address(uint160(uint256(keccak256(publicKey)))) != msg.sender) {
            revert InvalidEncryptionKey();
        }
        encryptionKey[msg.sender] = publicKey;
        emit EncryptionKeySet(msg.sender, publicKey);
    }

    /// @notice Record that the issuing member delivered the encrypted detail of `id` to a
    /// grantee holding an unexpired grant.
    /// @param id the certificate id
    /// @param placement where it lives (root 0: stored)
    /// @param grantee the recipient
    /// @param uri where the ciphertext is
    /// @param ciphertextDigest keccak256 of the ciphertext
    function deliverDetail(
        bytes32 id,
        ICertificateRegistry.Placement calldata placement,
        address grantee,
        string calldata uri,
        bytes32 ciphertextDigest
    ) external whenNotPaused {
        _checkIssuingMember(id, placement);
        requireGrant(id, grantee);
        emit DetailDelivered(id, grantee, msg.sender, uri, ciphertextDigest);
    }

    /// @notice Reverts with {NoGrant} or {GrantExpired} unless `grantee` may see `id` now.
    /// @param id the certificate id
    /// @param grantee the account asking
    function requireGrant(bytes32 id, address grantee) public view {
        uint256 g = _grants[id][grantee];
        if (g == 0) revert NoGrant(id, grantee);
        if (uint64(g) <= block.timestamp) revert GrantExpired(id, grantee, uint64(g));
    }

    /// @notice The grant of `grantee` on `id`: expiry (0: none), whether the holder gave it,
    /// and when it was recorded.
    function grantOf(
        bytes32 id,
        address grantee
    ) external view returns (uint64 expiresAt, bool byHolder, uint40 grantedAt) {
        uint256 g = _grants[id][grantee];
        return (uint64(g), (g >> 64) & 1 == 1, uint40(g >> 72));
    }

    /// @notice Whether a holder's consent nonce is used or cancelled.
    function consentNonceUsed(address holder, uint256 nonce) external view returns (bool) {
        return _nonces[holder][nonce >> 8] & (uint256(1) << (nonce & 255)) != 0;
    }

    /// @notice The EIP-712 hash a holder signs for `consent`.
    function hashConsent(Consent calldata consent) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        CONSENT_TYPEHASH,
                        consent.certificateId,
                        consent.grantee,
                        consent.expiresAt,
                        consent.nonce,
                        consent.deadline
                    )
                )
            );
    }

    function _record(
        bytes32 id,
        address grantee,
        uint64 expiresAt,
        bool byHolder,
        address granter,
        uint32 member
    ) private {
        _grants[id][grantee] = uint256(expiresAt) | (byHolder ? uint256(1) << 64 : 0) | (block.timestamp << 72);
        emit GrantRecorded(id, grantee, granter, expiresAt, byHolder, member);
    }

    function _known(
        bytes32 id,
        ICertificateRegistry.Placement calldata placement
    ) private view returns (ICertificateRegistry.Verification memory v) {
        v = registry.verifyPlaced(id, placement);
        if (v.status == ICertificateRegistry.Status.Unknown) revert UnknownCertificate(id);
    }

    /// @dev The issuing member of `id`, once msg.sender is shown to act for it.
    function _checkIssuingMember(
        bytes32 id,
        ICertificateRegistry.Placement calldata placement
    ) private view returns (uint32 member) {
        member = _known(id, placement).member;
        if (_accessWord(msg.sender) & Roles.FROZEN_BIT != 0) revert NotIssuingMember(msg.sender, member);
        if (registry.issuerMember(msg.sender) == member) return member;
        IConsortiumDirectory dir = IConsortiumDirectory(consortium);
        if (dir.isAdmin(msg.sender) && dir.memberOf(msg.sender) == member) return member;
        revert NotIssuingMember(msg.sender, member);
    }

    function _useNonce(address holder, uint256 nonce) private {
        uint256 bit = uint256(1) << (nonce & 255);
        uint256 w = _nonces[holder][nonce >> 8];
        if (w & bit != 0) revert ConsentNonceUsed(holder, nonce);
        _nonces[holder][nonce >> 8] = w | bit;
    }
}
