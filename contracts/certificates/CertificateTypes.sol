// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {Roles} from "../access/Roles.sol";
import {TYPE_MASK} from "./CertificateRecord.sol";

/// @title CertificateTypes
/// @notice The certificate types of the registry and which members may issue each.
abstract contract CertificateTypes is CertificateRegistryBase {
    uint256 private constant MAX_NAME = 64;
    uint256 private constant MAX_FIELDS = 64;

    /// @inheritdoc ICertificateRegistry
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

    /// @inheritdoc ICertificateRegistry
    function setTypeIssuer(uint16 typeId, uint32 member, bool allowed) external {
        _checkOperator();
        _requireType(typeId);
        _setTypeIssuer(typeId, member, allowed);
    }

    /// @inheritdoc ICertificateRegistry
    function getType(uint16 typeId) external view returns (CertificateType memory) {
        _requireType(typeId);
        return _types[typeId];
    }

    /// @inheritdoc ICertificateRegistry
    function isTypeIssuer(uint16 typeId, uint32 member) external view returns (bool) {
        return _typeMembers[_typeKey(typeId, member)] != 0;
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
        _checkKnownMember(member);
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
        address[] memory accounts = _directory().accountsOf(member);
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
}
