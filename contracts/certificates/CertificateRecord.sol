// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// The packed words of the certificate registry, in one place. The offsets and masks are
// file-level constants with literal values, not library members, because inline assembly can
// only name a constant that is a literal: the registry's assembly fast paths (issueMerkle,
// verify, statusOf) read the same constants as its Solidity code. lib/certificates/layout.ts is
// the TypeScript table of the same layouts; test/certificates/layout.test.ts holds the two to
// one another bit for bit [CERT-43].

// ---------------------------------------------------------------- field widths (as masks)
uint256 constant STATE_MASK = 0xff;
uint256 constant FLAGS_MASK = 0xff;
uint256 constant MEMBER_MASK = 0xffffffff;
uint256 constant TYPE_MASK = 0xffff;
uint256 constant TIME_MASK = 0xffffffffff; // 40-bit unix seconds
uint256 constant BLOCK_MASK = 0xffffffffff; // 40-bit block numbers
uint256 constant COUNT_MASK = 0xffffffff;
uint256 constant REASON_MASK = 0xff;

// ---------------------------------------------------------------- issue terms
// typeId | validFrom << 16 | validUntil << 56; nothing above bit 95.
uint256 constant TERMS_TYPE_OFFSET = 0;
uint256 constant TERMS_VALID_FROM_OFFSET = 16;
uint256 constant TERMS_VALID_UNTIL_OFFSET = 56;
uint256 constant TERMS_BITS = 96;

// ---------------------------------------------------------------- batch terms
// typeId | count << 16; nothing above bit 47.
uint256 constant BATCH_TERMS_COUNT_OFFSET = 16;
uint256 constant BATCH_TERMS_BITS = 48;

// ---------------------------------------------------------------- certificate record
// One slot per stored certificate. The issue terms are copied in whole at RECORD_TERMS_OFFSET,
// so typeId, validFrom and validUntil sit at that offset plus their offsets in the terms.
uint256 constant RECORD_STATE_OFFSET = 0;
uint256 constant RECORD_FLAGS_OFFSET = 8;
uint256 constant RECORD_MEMBER_OFFSET = 16;
uint256 constant RECORD_TERMS_OFFSET = 48;
uint256 constant RECORD_TYPE_OFFSET = 48;
uint256 constant RECORD_VALID_FROM_OFFSET = 64;
uint256 constant RECORD_VALID_UNTIL_OFFSET = 104;
uint256 constant RECORD_ISSUED_BLOCK_OFFSET = 144;
uint256 constant RECORD_UPDATED_BLOCK_OFFSET = 184;
uint256 constant RECORD_REASON_OFFSET = 224;

// ---------------------------------------------------------------- batch record
// One slot per Merkle root; the batch terms are copied in whole at BATCH_TERMS_OFFSET.
uint256 constant BATCH_STATE_OFFSET = 0;
uint256 constant BATCH_FLAGS_OFFSET = 8;
uint256 constant BATCH_MEMBER_OFFSET = 16;
uint256 constant BATCH_TERMS_OFFSET = 48;
uint256 constant BATCH_TYPE_OFFSET = 48;
uint256 constant BATCH_COUNT_OFFSET = 64;
uint256 constant BATCH_ISSUED_BLOCK_OFFSET = 96;
uint256 constant BATCH_UPDATED_BLOCK_OFFSET = 136;
uint256 constant BATCH_REASON_OFFSET = 176;

// ---------------------------------------------------------------- leaf states of a Merkle batch
// Two bits per leaf, 128 leaves per storage word: leaf `index` is in word index >> LEAF_WORD_SHIFT
// at bit (index & LEAF_SLOT_MASK) << LEAF_OFFSET_SHIFT. The two bits hold the leaf's stored state
// minus one (0 active, 1 revoked, 2 suspended), so a leaf never written reads active.
uint256 constant LEAF_WORD_SHIFT = 7;
uint256 constant LEAF_SLOT_MASK = 127;
uint256 constant LEAF_OFFSET_SHIFT = 1;
uint256 constant LEAF_STATE_MASK = 3;
uint256 constant LEAF_REVOKED = 1; // the two bits of a revoked leaf (STATE_REVOKED - 1)

// ---------------------------------------------------------------- stored states
// They share the numbering of ICertificateRegistry.Status (Expired and NotYetValid are never
// stored), so a view returns a stored state as it is and looks at the clock only for an
// active one.
uint256 constant STATE_ACTIVE = 1;
uint256 constant STATE_REVOKED = 2;
uint256 constant STATE_SUSPENDED = 3;
uint256 constant STATE_SUPERSEDED = 5;
// Status values a view computes from the clock.
uint256 constant STATUS_EXPIRED = 4;
uint256 constant STATUS_NOT_YET_VALID = 6;

// ---------------------------------------------------------------- flags (in the flags byte)
uint256 constant FLAG_REVOCABLE = 1;
uint256 constant FLAG_SUSPENDABLE = 2;
uint256 constant FLAG_REVISION = 4; // has a predecessor (see CertificateSuperseded)
uint256 constant FLAG_CREDITED = 8; // contribution points credited
// A claim, not a stored certificate: state 0, and the member and anchor block of the Merkle batch
// that first proved this id on chain. Holding the claim in the id's own record slot makes a
// later issue of the same id a DuplicateCertificate with no extra read on the issue path.
uint256 constant FLAG_PLACED = 16;

/// @title CertificateRecord
/// @notice Packs and unpacks the certificate record and the batch record whose layouts the
/// constants of this file name. The registry's hot paths shift and mask the words themselves
/// with these constants; the structs here are for readers, tests and probes.
library CertificateRecord {
    /// @notice A stored certificate's record, unpacked.
    struct Record {
        uint8 state;
        uint8 flags;
        uint32 member;
        uint16 typeId;
        uint40 validFrom;
        uint40 validUntil;
        uint40 issuedBlock;
        uint40 updatedBlock;
        uint8 reason;
    }

    /// @notice A Merkle batch's record, unpacked.
    struct Batch {
        uint8 state;
        uint8 flags;
        uint32 member;
        uint16 typeId;
        uint32 count;
        uint40 issuedBlock;
        uint40 updatedBlock;
        uint8 reason;
    }

    /// @notice The record word of `r`.
    function pack(Record memory r) internal pure returns (uint256) {
        return
            (uint256(r.state) << RECORD_STATE_OFFSET) |
            (uint256(r.flags) << RECORD_FLAGS_OFFSET) |
            (uint256(r.member) << RECORD_MEMBER_OFFSET) |
            (uint256(r.typeId) << RECORD_TYPE_OFFSET) |
            (uint256(r.validFrom) << RECORD_VALID_FROM_OFFSET) |
            (uint256(r.validUntil) << RECORD_VALID_UNTIL_OFFSET) |
            (uint256(r.issuedBlock) << RECORD_ISSUED_BLOCK_OFFSET) |
            (uint256(r.updatedBlock) << RECORD_UPDATED_BLOCK_OFFSET) |
            (uint256(r.reason) << RECORD_REASON_OFFSET);
    }

    /// @notice The fields of record word `w`.
    function unpack(uint256 w) internal pure returns (Record memory r) {
        r.state = uint8((w >> RECORD_STATE_OFFSET) & STATE_MASK);
        r.flags = uint8((w >> RECORD_FLAGS_OFFSET) & FLAGS_MASK);
        r.member = uint32((w >> RECORD_MEMBER_OFFSET) & MEMBER_MASK);
        r.typeId = uint16((w >> RECORD_TYPE_OFFSET) & TYPE_MASK);
        r.validFrom = uint40((w >> RECORD_VALID_FROM_OFFSET) & TIME_MASK);
        r.validUntil = uint40((w >> RECORD_VALID_UNTIL_OFFSET) & TIME_MASK);
        r.issuedBlock = uint40((w >> RECORD_ISSUED_BLOCK_OFFSET) & BLOCK_MASK);
        r.updatedBlock = uint40((w >> RECORD_UPDATED_BLOCK_OFFSET) & BLOCK_MASK);
        r.reason = uint8((w >> RECORD_REASON_OFFSET) & REASON_MASK);
    }

    /// @notice The batch record word of `b`.
    function packBatch(Batch memory b) internal pure returns (uint256) {
        return
            (uint256(b.state) << BATCH_STATE_OFFSET) |
            (uint256(b.flags) << BATCH_FLAGS_OFFSET) |
            (uint256(b.member) << BATCH_MEMBER_OFFSET) |
            (uint256(b.typeId) << BATCH_TYPE_OFFSET) |
            (uint256(b.count) << BATCH_COUNT_OFFSET) |
            (uint256(b.issuedBlock) << BATCH_ISSUED_BLOCK_OFFSET) |
            (uint256(b.updatedBlock) << BATCH_UPDATED_BLOCK_OFFSET) |
            (uint256(b.reason) << BATCH_REASON_OFFSET);
    }

    /// @notice The fields of batch record word `w`.
    function unpackBatch(uint256 w) internal pure returns (Batch memory b) {
        b.state = uint8((w >> BATCH_STATE_OFFSET) & STATE_MASK);
        b.flags = uint8((w >> BATCH_FLAGS_OFFSET) & FLAGS_MASK);
        b.member = uint32((w >> BATCH_MEMBER_OFFSET) & MEMBER_MASK);
        b.typeId = uint16((w >> BATCH_TYPE_OFFSET) & TYPE_MASK);
        b.count = uint32((w >> BATCH_COUNT_OFFSET) & COUNT_MASK);
        b.issuedBlock = uint40((w >> BATCH_ISSUED_BLOCK_OFFSET) & BLOCK_MASK);
        b.updatedBlock = uint40((w >> BATCH_UPDATED_BLOCK_OFFSET) & BLOCK_MASK);
        b.reason = uint8((w >> BATCH_REASON_OFFSET) & REASON_MASK);
    }
}
