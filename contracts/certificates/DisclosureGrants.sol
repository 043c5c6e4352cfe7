// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {CalldataSignature} from "./CalldataSignature.sol";
import {RegistryReader} from "./RegistryReader.sol";
import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {Roles} from "../access/Roles.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IConsortiumDirectory} from "../access/IConsortiumDirectory.sol";
import {IDisclosureGrants} from "./IDisclosureGrants.sol";

/// @title DisclosureGrants
/// @notice Who may see the details of a certificate (详情查询, 授权查验): the holder decides by an
/// EIP-712 consent signed with the holder key bound into the certificate's holder commitment,
/// or the issuing member grants it. Every grant is recorded here with its expiry; the issuer
/// then sends the detail encrypted to the grantee's registered public key (ECIES, lib/certificates).
/// @dev The holder proves it is the holder without revealing who it is: it reveals the content
/// digest and its salted holder blind, and the contract checks
/// keccak256(abi.encode(contentDigest, keccak256(abi.encode(blind, signer)))) == certificateId.
contract DisclosureGrants is IDisclosureGrants, ConsortiumModule, EIP712 {
    /// @inheritdoc IDisclosureGrants
    bytes32 public constant CONSENT_TYPEHASH = keccak256(
        "Consent(bytes32 certificateId,address grantee,uint64 expiresAt,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc IDisclosureGrants
    ICertificateRegistry public immutable registry;

    /// @dev id => grantee => expiresAt | byHolder << 64 | grantedAt << 72
    mapping(bytes32 id => mapping(address grantee => uint256)) private _grants;

    mapping(address holder => mapping(uint256 word => uint256)) private _nonces;

    /// @inheritdoc IDisclosureGrants
    mapping(address account => bytes) public encryptionKey;

    constructor(
        address consortium_,
        ICertificateRegistry registry_
    ) ConsortiumModule(consortium_) EIP712("DisclosureGrants", "1") {
        registry = registry_;
    }

    /// @inheritdoc IDisclosureGrants
    function grantByHolder(
        Consent calldata consent,
        bytes32 contentDigest,
        bytes32 holderBlind,
        ICertificateRegistry.Placement calldata placement,
        bytes calldata signature
    ) external whenNotPaused {
        if (block.timestamp > consent.deadline) revert ConsentExpired(consent.deadline);
        address holder = CalldataSignature.recover(_consentDigest(consent), signature);
        if (holder == address(0)) revert InvalidConsentSignature();
        bytes32 id = consent.certificateId;
        bytes32 proven;
        assembly ("memory-safe") {
            // keccak256(abi.encode(contentDigest, keccak256(abi.encode(holderBlind, holder))))
            mstore(0x00, holderBlind)
            mstore(0x20, holder)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, contentDigest)
            proven := keccak256(0x00, 0x40)
        }
        if (proven != id) revert NotHolder(id, holder);
        _useNonce(holder, consent.nonce);
        uint32 member = _known(id, placement);
        address grantee = consent.grantee;
        if (grantee == address(0)) revert InvalidGrantee();
        uint64 expiresAt = consent.expiresAt;
        if (expiresAt <= block.timestamp) {
            delete _grants[id][grantee];
            emit GrantRevoked(id, grantee, holder, true);
            return;
        }
        _record(id, grantee, expiresAt, true, holder, member);
    }

    /// @inheritdoc IDisclosureGrants
    function cancelConsentNonce(uint256 nonce) external {
        _useNonce(msg.sender, nonce);
        emit ConsentNonceCancelled(msg.sender, nonce);
    }

    /// @inheritdoc IDisclosureGrants
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

    /// @inheritdoc IDisclosureGrants
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

    /// @inheritdoc IDisclosureGrants
    function setEncryptionKey(bytes calldata publicKey) external whenNotPaused {
        if (publicKey.length != 64 || address(uint160(uint256(keccak256(publicKey)))) != msg.sender) {
            revert InvalidEncryptionKey();
        }
        encryptionKey[msg.sender] = publicKey;
        emit EncryptionKeySet(msg.sender, publicKey);
    }

    /// @inheritdoc IDisclosureGrants
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

    /// @inheritdoc IDisclosureGrants
    function requireGrant(bytes32 id, address grantee) public view returns (uint64 expiresAt) {
        uint256 g = _grants[id][grantee];
        if (g == 0) revert NoGrant(id, grantee);
        expiresAt = uint64(g);
        if (expiresAt <= block.timestamp) revert GrantExpired(id, grantee, expiresAt);
    }

    /// @inheritdoc IDisclosureGrants
    function grantOf(
        bytes32 id,
        address grantee
    ) external view returns (uint64 expiresAt, bool byHolder, uint40 grantedAt) {
        uint256 g = _grants[id][grantee];
        return (uint64(g), (g >> 64) & 1 == 1, uint40(g >> 72));
    }

    /// @inheritdoc IDisclosureGrants
    function consentNonceUsed(address holder, uint256 nonce) external view returns (bool) {
        return _nonces[holder][nonce >> 8] & (uint256(1) << (nonce & 255)) != 0;
    }

    /// @inheritdoc IDisclosureGrants
    function hashConsent(Consent calldata consent) public view returns (bytes32) {
        return _consentDigest(consent);
    }

    /// @dev The EIP-712 digest of `consent`: its five words hashed as they sit in calldata (a
    /// word not in its type's range cannot match what the holder signed, and Solidity refuses it
    /// on first read), then under this contract's domain.
    function _consentDigest(Consent calldata consent) private view returns (bytes32) {
        bytes32 typeHash = CONSENT_TYPEHASH;
        bytes32 structHash;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            calldatacopy(add(m, 0x20), consent, 0xa0)
            structHash := keccak256(m, 0xc0)
        }
        return _hashTypedDataV4(structHash);
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

    /// @dev The issuing member of `id` (CERT-60), which must be known to the registry.
    function _known(bytes32 id, ICertificateRegistry.Placement calldata placement) private returns (uint32 member) {
        uint256 status;
        (status, member) = RegistryReader.resolve(registry, id, placement);
        if (status == uint256(ICertificateRegistry.Status.Unknown)) revert UnknownCertificate(id);
    }

    /// @dev The issuing member of `id`, once msg.sender is shown to act for it. The registry's
    /// {ICertificateRegistry.resolve} is the one answer: a receipt of a batch that claims an id
    /// another member issued first proves nothing here.
    function _checkIssuingMember(
        bytes32 id,
        ICertificateRegistry.Placement calldata placement
    ) private returns (uint32 member) {
        member = _known(id, placement);
        uint256 word = _accessWord(msg.sender);
        if (word & Roles.FROZEN_BIT != 0) revert NotIssuingMember(msg.sender, member);
        // An issuer key loses its CERT_ISSUER bit with its member's activity, so only the
        // admin fallback needs the MEMBER bit read here.
        if (registry.issuerMember(msg.sender) == member) return member;
        IConsortiumDirectory dir = _directory();
        if (dir.isAdmin(msg.sender) && dir.memberOf(msg.sender) == member) {
            _checkActiveWord(word, member);
            return member;
        }
        revert NotIssuingMember(msg.sender, member);
    }

    /// @dev Marks `nonce` of `holder` used; its word's slot is hashed once for the read and the write.
    function _useNonce(address holder, uint256 nonce) private {
        uint256 bit = uint256(1) << (nonce & 255);
        mapping(uint256 => uint256) storage words = _nonces[holder];
        uint256 slot;
        uint256 w;
        assembly ("memory-safe") {
            mstore(0x00, shr(8, nonce))
            mstore(0x20, words.slot)
            slot := keccak256(0x00, 0x40)
            w := sload(slot)
        }
        if (w & bit != 0) revert ConsentNonceUsed(holder, nonce);
        assembly ("memory-safe") {
            sstore(slot, or(w, bit))
        }
    }
}
