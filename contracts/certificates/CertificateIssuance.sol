// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistryBase} from "./CertificateRegistryBase.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {CalldataSignature} from "./CalldataSignature.sol";
import {Roles} from "../access/Roles.sol";
// Some of these are read only inside assembly, where solhint does not look.
// solhint-disable no-unused-import
import {
    MEMBER_MASK,
    TYPE_MASK,
    COUNT_MASK,
    BATCH_TERMS_COUNT_OFFSET,
    BATCH_TERMS_BITS,
    BATCH_FLAGS_OFFSET,
    BATCH_MEMBER_OFFSET,
    BATCH_TERMS_OFFSET,
    BATCH_ISSUED_BLOCK_OFFSET,
    STATE_ACTIVE
} from "./CertificateRecord.sol";
// solhint-enable no-unused-import

/// @title CertificateIssuance
/// @notice The four ways to issue: one certificate, a list, a Merkle batch and a delegated EIP-712 order.
abstract contract CertificateIssuance is CertificateRegistryBase {
    /// @inheritdoc ICertificateRegistry
    bytes32 public constant ISSUE_ORDER_TYPEHASH = keccak256(
        "IssueOrder(address signer,bytes32 id,uint256 terms,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc ICertificateRegistry
    function issue(bytes32 id, uint256 terms) external whenNotPaused {
        (uint256 member, uint256 flags) = _authorise(msg.sender, uint16(terms));
        _store(id, _newRecord(terms, member, flags));
        emit CertificateIssued(id, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
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

    /// @inheritdoc ICertificateRegistry
    function issueList(bytes32[] calldata ids, uint256 terms) external whenNotPaused {
        uint256 n = ids.length;
        if (n == 0) revert EmptyBatch();
        (uint256 member, uint256 flags) = _authorise(msg.sender, uint16(terms));
        uint256 record = _newRecord(terms, member, flags);
        for (uint256 i = 0; i < n; ++i) _store(ids[i], record);
        emit CertificatesIssued(msg.sender, record, ids);
    }

    /// @inheritdoc ICertificateRegistry
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

    /// @inheritdoc ICertificateRegistry
    /// @dev The signer's access word is read once and rewritten in place with the nonce moved on:
    /// its slot is hashed once, and no second read of the word goes through _setModuleBits.
    function issueWithOrder(IssueOrder calldata order, bytes calldata signature) external whenNotPaused {
        if (block.timestamp > order.deadline) revert OrderExpired(order.deadline);
        address signer = order.signer;
        if (CalldataSignature.recover(_orderDigest(order), signature) != signer || signer == address(0)) {
            revert InvalidOrderSignature(signer);
        }
        (uint256 accessSlot, ) = _accessSlots();
        uint256 slot;
        uint256 word;
        assembly ("memory-safe") {
            mstore(0x00, signer)
            mstore(0x20, accessSlot)
            slot := keccak256(0x00, 0x40)
            word := sload(slot)
        }
        uint256 nonce = (word & NONCE_MASK) >> NONCE_SHIFT;
        if (order.nonce != nonce || nonce == MAX_NONCE) revert InvalidNonce(signer, nonce, order.nonce);
        (uint256 member, uint256 flags) = _authoriseWord(signer, word, uint16(order.terms));
        // nonce < MAX_NONCE: the increment stays inside the nonce bits, roles and freeze untouched.
        assembly ("memory-safe") {
            sstore(slot, add(word, shl(NONCE_SHIFT, 1)))
        }
        uint256 record = _newRecord(order.terms, member, flags);
        _store(order.id, record);
        emit CertificateIssuedByOrder(order.id, signer, msg.sender, nonce, record);
    }

    /// @inheritdoc ICertificateRegistry
    function hashIssueOrder(IssueOrder calldata order) public view returns (bytes32) {
        return _orderDigest(order);
    }

    /// @dev The EIP-712 digest of `order`: its five words hashed as they sit in calldata (a word
    /// not in its type's range cannot match what the signer signed, and Solidity refuses it on
    /// first read), then under the registry's domain.
    function _orderDigest(IssueOrder calldata order) private view returns (bytes32) {
        bytes32 typeHash = ISSUE_ORDER_TYPEHASH;
        bytes32 structHash;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            calldatacopy(add(m, 0x20), order, 0xa0)
            structHash := keccak256(m, 0xc0)
        }
        return _hashTypedDataV4(structHash);
    }
}
