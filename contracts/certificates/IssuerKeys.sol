// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {Roles} from "../access/Roles.sol";

/// @title IssuerKeys
/// @notice Issuer keys: a member admin enrols its accounts for up to four types (or any type of
/// the member), withdraws them, and moves their order nonce.
abstract contract IssuerKeys is CertificateRegistryBase {
    /// @inheritdoc ICertificateRegistry
    function setIssuer(address account, uint16[] calldata typeIds, bool anyType) external {
        uint64 m = _requireMemberOf(account);
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

    /// @inheritdoc ICertificateRegistry
    function removeIssuer(address account) external {
        uint256 word = _accessWord(account);
        uint32 member = uint32(word >> MEMBER_SHIFT);
        if (member == 0) revert IssuerNotEnrolled(account);
        _checkMemberAdmin(member);
        _setModuleBits(account, word & NONCE_MASK);
        emit IssuerRemoved(account, member, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function syncIssuer(address account) external {
        uint256 word = _accessWord(account);
        uint32 member = uint32(word >> MEMBER_SHIFT);
        if (member == 0 || _memberOf(account) == member) {
            revert IssuerInSync(account);
        }
        _setModuleBits(account, word & NONCE_MASK);
        emit IssuerRemoved(account, member, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function bumpNonce(address signer, uint256 newNonce) external {
        uint256 word = _accessWord(signer);
        if (msg.sender != signer) _checkMemberAdmin(uint32(word >> MEMBER_SHIFT));
        uint256 nonce = (word & NONCE_MASK) >> NONCE_SHIFT;
        if (newNonce <= nonce || newNonce > MAX_NONCE) revert InvalidNonce(signer, nonce, newNonce);
        _setModuleBits(signer, (word & ~NONCE_MASK) | (newNonce << NONCE_SHIFT));
        emit NonceBumped(signer, nonce, newNonce, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
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

    /// @inheritdoc ICertificateRegistry
    function nonceOf(address signer) external view returns (uint256) {
        return (_accessWord(signer) & NONCE_MASK) >> NONCE_SHIFT;
    }
}
