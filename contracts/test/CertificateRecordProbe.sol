// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {
    CertificateRecord,
    STATE_MASK,
    FLAGS_MASK,
    MEMBER_MASK,
    TYPE_MASK,
    TIME_MASK,
    BLOCK_MASK,
    COUNT_MASK,
    REASON_MASK,
    TERMS_TYPE_OFFSET,
    TERMS_VALID_FROM_OFFSET,
    TERMS_VALID_UNTIL_OFFSET,
    TERMS_BITS,
    BATCH_TERMS_COUNT_OFFSET,
    BATCH_TERMS_BITS,
    RECORD_STATE_OFFSET,
    RECORD_FLAGS_OFFSET,
    RECORD_MEMBER_OFFSET,
    RECORD_TERMS_OFFSET,
    RECORD_TYPE_OFFSET,
    RECORD_VALID_FROM_OFFSET,
    RECORD_VALID_UNTIL_OFFSET,
    RECORD_ISSUED_BLOCK_OFFSET,
    RECORD_UPDATED_BLOCK_OFFSET,
    RECORD_REASON_OFFSET,
    BATCH_STATE_OFFSET,
    BATCH_FLAGS_OFFSET,
    BATCH_MEMBER_OFFSET,
    BATCH_TERMS_OFFSET,
    BATCH_TYPE_OFFSET,
    BATCH_COUNT_OFFSET,
    BATCH_ISSUED_BLOCK_OFFSET,
    BATCH_UPDATED_BLOCK_OFFSET,
    BATCH_REASON_OFFSET,
    FLAG_REVOCABLE,
    FLAG_SUSPENDABLE,
    FLAG_REVISION,
    FLAG_CREDITED,
    FLAG_PLACED,
    LEAF_WORD_SHIFT,
    LEAF_SLOT_MASK,
    LEAF_OFFSET_SHIFT,
    LEAF_STATE_MASK
} from "../certificates/CertificateRecord.sol";

/// @title CertificateRecordProbe
/// @notice Test-only: exposes the CertificateRecord library and the layout constants, so that
/// test/certificates/layout.test.ts can hold lib/certificates/layout.ts to them [CERT-43].
/// Not deployed in production.
contract CertificateRecordProbe {
    /// @notice One field of a layout, as the constants name it.
    struct Field {
        uint256 offset;
        uint256 mask;
    }

    /// @notice Packs each record.
    function packRecords(CertificateRecord.Record[] calldata records) external pure returns (uint256[] memory words) {
        words = new uint256[](records.length);
        for (uint256 i = 0; i < records.length; ++i) words[i] = CertificateRecord.pack(records[i]);
    }

    /// @notice Unpacks each record word.
    function unpackRecords(uint256[] calldata words) external pure returns (CertificateRecord.Record[] memory records) {
        records = new CertificateRecord.Record[](words.length);
        for (uint256 i = 0; i < words.length; ++i) records[i] = CertificateRecord.unpack(words[i]);
    }

    /// @notice Packs each batch record.
    function packBatches(CertificateRecord.Batch[] calldata batches) external pure returns (uint256[] memory words) {
        words = new uint256[](batches.length);
        for (uint256 i = 0; i < batches.length; ++i) words[i] = CertificateRecord.packBatch(batches[i]);
    }

    /// @notice Unpacks each batch record word.
    function unpackBatches(uint256[] calldata words) external pure returns (CertificateRecord.Batch[] memory batches) {
        batches = new CertificateRecord.Batch[](words.length);
        for (uint256 i = 0; i < words.length; ++i) batches[i] = CertificateRecord.unpackBatch(words[i]);
    }

    /// @notice The record layout: state, flags, member, typeId, validFrom, validUntil,
    /// issuedBlock, updatedBlock, reason; and where the terms are copied.
    function recordLayout() external pure returns (Field[] memory fields, uint256 termsOffset) {
        fields = new Field[](9);
        fields[0] = Field(RECORD_STATE_OFFSET, STATE_MASK);
        fields[1] = Field(RECORD_FLAGS_OFFSET, FLAGS_MASK);
        fields[2] = Field(RECORD_MEMBER_OFFSET, MEMBER_MASK);
        fields[3] = Field(RECORD_TYPE_OFFSET, TYPE_MASK);
        fields[4] = Field(RECORD_VALID_FROM_OFFSET, TIME_MASK);
        fields[5] = Field(RECORD_VALID_UNTIL_OFFSET, TIME_MASK);
        fields[6] = Field(RECORD_ISSUED_BLOCK_OFFSET, BLOCK_MASK);
        fields[7] = Field(RECORD_UPDATED_BLOCK_OFFSET, BLOCK_MASK);
        fields[8] = Field(RECORD_REASON_OFFSET, REASON_MASK);
        termsOffset = RECORD_TERMS_OFFSET;
    }

    /// @notice The batch record layout: state, flags, member, typeId, count, issuedBlock,
    /// updatedBlock, reason; and where the batch terms are copied.
    function batchLayout() external pure returns (Field[] memory fields, uint256 termsOffset) {
        fields = new Field[](8);
        fields[0] = Field(BATCH_STATE_OFFSET, STATE_MASK);
        fields[1] = Field(BATCH_FLAGS_OFFSET, FLAGS_MASK);
        fields[2] = Field(BATCH_MEMBER_OFFSET, MEMBER_MASK);
        fields[3] = Field(BATCH_TYPE_OFFSET, TYPE_MASK);
        fields[4] = Field(BATCH_COUNT_OFFSET, COUNT_MASK);
        fields[5] = Field(BATCH_ISSUED_BLOCK_OFFSET, BLOCK_MASK);
        fields[6] = Field(BATCH_UPDATED_BLOCK_OFFSET, BLOCK_MASK);
        fields[7] = Field(BATCH_REASON_OFFSET, REASON_MASK);
        termsOffset = BATCH_TERMS_OFFSET;
    }

    /// @notice The issue terms layout (typeId, validFrom, validUntil) and its width in bits.
    function termsLayout() external pure returns (Field[] memory fields, uint256 bits) {
        fields = new Field[](3);
        fields[0] = Field(TERMS_TYPE_OFFSET, TYPE_MASK);
        fields[1] = Field(TERMS_VALID_FROM_OFFSET, TIME_MASK);
        fields[2] = Field(TERMS_VALID_UNTIL_OFFSET, TIME_MASK);
        bits = TERMS_BITS;
    }

    /// @notice The batch terms layout (typeId, count) and its width in bits.
    function batchTermsLayout() external pure returns (Field[] memory fields, uint256 bits) {
        fields = new Field[](2);
        fields[0] = Field(TERMS_TYPE_OFFSET, TYPE_MASK);
        fields[1] = Field(BATCH_TERMS_COUNT_OFFSET, COUNT_MASK);
        bits = BATCH_TERMS_BITS;
    }

    /// @notice The leaf-state words of a batch: word shift, slot mask, offset shift, state mask.
    function leafLayout() external pure returns (uint256[4] memory) {
        return [LEAF_WORD_SHIFT, LEAF_SLOT_MASK, LEAF_OFFSET_SHIFT, LEAF_STATE_MASK];
    }

    /// @notice The flag bits: revocable, suspendable, revision, credited.
    function flagBits() external pure returns (uint256[5] memory) {
        return [FLAG_REVOCABLE, FLAG_SUSPENDABLE, FLAG_REVISION, FLAG_CREDITED, FLAG_PLACED];
    }
}
