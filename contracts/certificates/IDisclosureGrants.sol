// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumModule} from "../access/IConsortiumModule.sol";
import {ICertificateErrors} from "./ICertificateErrors.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";

/// @title IDisclosureGrants
/// @notice Who may see the details of a certificate (详情查询, 授权查验): holder consents and
/// issuer grants with their expiry, encryption keys and delivery records. Everything
/// DisclosureGrants offers besides the module kit's {IConsortiumModule}.
interface IDisclosureGrants is IConsortiumModule, ICertificateErrors {
    /// @notice A holder's consent: `grantee` may see the details of `certificateId` until
    /// `expiresAt` (0 or past: withdraw an earlier consent). Valid for submission until `deadline`.
    struct Consent {
        bytes32 certificateId;
        address grantee;
        uint64 expiresAt;
        uint256 nonce;
        uint256 deadline;
    }

    // ------------------------------------------------------------------ events

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

    // ------------------------------------------------------------------ errors

    /// @notice The consent's submission deadline has passed.
    error ConsentExpired(uint256 deadline);

    /// @notice The signature is malformed.
    error InvalidConsentSignature();

    /// @notice The signer is not the holder bound into `id` (wrong key, other chain, other
    /// contract, altered consent or wrong proof of holdership).
    error NotHolder(bytes32 id, address signer);

    /// @notice The holder's consent nonce was used or cancelled.
    error ConsentNonceUsed(address holder, uint256 nonce);

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

    // ------------------------------------------------------------------ functions

    /// @notice EIP-712 type of a holder consent.
    function CONSENT_TYPEHASH() external view returns (bytes32);

    /// @notice The registry whose certificates grants refer to.
    function registry() external view returns (ICertificateRegistry);

    /// @notice The 64-byte uncompressed secp256k1 public key details are encrypted to.
    function encryptionKey(address account) external view returns (bytes memory);

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
    ) external;

    /// @notice Withdraw an unused consent nonce; the holder key itself.
    /// @param nonce the nonce
    function cancelConsentNonce(uint256 nonce) external;

    /// @notice Grant `grantee` the details of a certificate as its issuing member: an enrolled
    /// issuer key or an admin of that member; either only while the member is active (an
    /// admin of a suspended or expelled member: InactiveMember).
    /// @param id the certificate id
    /// @param placement where it lives (root 0: stored)
    /// @param grantee who may see the details
    /// @param expiresAt when the grant ends (in the future)
    function grantByIssuer(
        bytes32 id,
        ICertificateRegistry.Placement calldata placement,
        address grantee,
        uint64 expiresAt
    ) external;

    /// @notice Withdraw a grant the issuing member made (a holder's consent is the holder's to
    /// withdraw). The same callers as {grantByIssuer}, only while the member is active.
    /// @param id the certificate id
    /// @param placement where it lives (root 0: stored)
    /// @param grantee whose grant ends
    function revokeGrant(bytes32 id, ICertificateRegistry.Placement calldata placement, address grantee) external;

    /// @notice Register the public key details are encrypted to (64 bytes, uncompressed, no
    /// 0x04 prefix); it must be the caller's own key.
    /// @param publicKey the secp256k1 public key of msg.sender
    function setEncryptionKey(bytes calldata publicKey) external;

    /// @notice Record that the issuing member delivered the encrypted detail of `id` to a
    /// grantee holding an unexpired grant. The same callers as {grantByIssuer}, only while the
    /// member is active.
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
    ) external;

    /// @notice Reverts with {NoGrant} or {GrantExpired} unless `grantee` may see `id` now.
    /// @param id the certificate id
    /// @param grantee the account asking
    /// @return expiresAt the grant's expiry (a caller that reads it knows the check ran)
    function requireGrant(bytes32 id, address grantee) external view returns (uint64 expiresAt);

    /// @notice The grant of `grantee` on `id`: expiry (0: none), whether the holder gave it,
    /// and when it was recorded.
    function grantOf(
        bytes32 id,
        address grantee
    ) external view returns (uint64 expiresAt, bool byHolder, uint40 grantedAt);

    /// @notice Whether a holder's consent nonce is used or cancelled.
    function consentNonceUsed(address holder, uint256 nonce) external view returns (bool);

    /// @notice The EIP-712 hash a holder signs for `consent`.
    function hashConsent(Consent calldata consent) external view returns (bytes32);
}
