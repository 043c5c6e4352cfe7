// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICertificateRegistry} from "../../../contracts/certificates/ICertificateRegistry.sol";
import {CertTestBase} from "./CertTestBase.sol";

/// @title CertificateFuzzTest
/// @notice Fuzz tests of the registry's status logic and Merkle receipt verification against a
/// reference model written here (requirement CERT-28, see docs/requirements/certificates.md).
contract CertificateFuzzTest is CertTestBase {
    address internal constant ISSUER = address(0xC0FFEE01);

    // Status enum and stored states, as the spec defines them.
    uint8 internal constant UNKNOWN = 0;
    uint8 internal constant VALID = 1;
    uint8 internal constant REVOKED = 2;
    uint8 internal constant SUSPENDED = 3;
    uint8 internal constant EXPIRED = 4;
    uint8 internal constant NOT_YET_VALID = 6;
    uint8 internal constant S_ACTIVE = 1;
    uint8 internal constant S_REVOKED = 2;
    uint8 internal constant S_SUSPENDED = 3;

    function setUp() public {
        vm.warp(1_780_000_000);
        deployCertificates(ISSUER);
    }

    /// @dev The model: stored state first, then time (validUntil is the last valid second).
    function modelStatus(uint8 state, uint256 t, uint256 from, uint256 until) internal pure returns (uint8) {
        if (state == S_REVOKED) return REVOKED;
        if (state == S_SUSPENDED) return SUSPENDED;
        if (until != 0 && t > until) return EXPIRED;
        if (t < from) return NOT_YET_VALID;
        return VALID;
    }

    /// @dev Which operations the model allows: 0 revoke, 1 suspend, 2 reinstate.
    function modelAllows(uint256 op, uint8 state, bool flexible) internal pure returns (bool) {
        if (!flexible) return false;
        if (op == 0) return state == S_ACTIVE || state == S_SUSPENDED;
        if (op == 1) return state == S_ACTIVE;
        return state == S_SUSPENDED;
    }

    function modelAfter(uint256 op) internal pure returns (uint8) {
        return op == 0 ? S_REVOKED : (op == 1 ? S_SUSPENDED : S_ACTIVE);
    }

    /// @notice A stored certificate's status follows the model through any sequence of
    /// revoke/suspend/reinstate/time steps; refused steps change nothing; revoked stays revoked.
    function testFuzz_CERT_28_storedStatusFollowsModel(
        uint256 seed,
        uint256 delay,
        uint256 life,
        bool flexible
    ) public {
        delay = bound(delay, 0, 30 days);
        life = bound(life, 1 days, 400 days);
        uint256 t = block.timestamp;
        uint256 from = t + delay;
        uint256 until = from + life;
        bytes32 id = keccak256(abi.encode("stored", seed));
        uint16 typeId = flexible ? FLEX : FIXED;
        vm.prank(ISSUER);
        registry.issue(id, terms(typeId, from, until));
        uint8 state = S_ACTIVE;
        for (uint256 i = 0; i < 16; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 op = r % 4;
            if (op == 3) {
                t += (r >> 8) % 60 days;
                vm.warp(t);
            } else {
                bytes memory call =
                    op == 0
                        ? abi.encodeCall(ICertificateRegistry.revoke, (id, 1))
                        : (
                            op == 1
                                ? abi.encodeCall(ICertificateRegistry.suspend, (id, 9))
                                : abi.encodeCall(ICertificateRegistry.reinstate, (id, 10))
                        );
                vm.prank(ISSUER);
                (bool ok, ) = address(registry).call(call);
                assertTrue(ok == modelAllows(op, state, flexible), "refusal differs from the model");
                if (ok) state = modelAfter(op);
            }
            assertEq(status(id), modelStatus(state, t, from, until), "status differs from the model");
        }
    }

    /// @notice issueMerkle's assembly fast path and its checked path give one result: for any
    /// key (listed types, four listed types, any-type, frozen, withdrawn), pause state, root and
    /// terms, a batch is issued exactly when the rules allow it, with the record the rules
    /// define, and never twice.
    function testFuzz_CERT_42_merkleIssueFollowsModel(bytes32 root, uint256 raw, uint8 keyKind, bool paused) public {
        keyKind %= 5;
        _enrolKeyOfKind(keyKind);
        if (paused) {
            vm.prank(address(consortium));
            registry.pause("fuzz");
        }
        // Spread the input's bits, so that small fuzz values still reach every case.
        raw = uint256(keccak256(abi.encode(raw)));
        if (uint8(raw >> 40) % 7 == 0) root = bytes32(0);
        (uint256 batchTerms, bool expected) = _merkleModel(raw, keyKind, paused, root);
        vm.prank(ISSUER);
        (bool ok, ) = address(registry).call(abi.encodeCall(ICertificateRegistry.issueMerkle, (root, batchTerms)));
        assertTrue(ok == expected, "issueMerkle outcome differs from the model");
        if (!ok) {
            assertEq(registry.batchOf(root), 0, "a refused batch wrote nothing");
            return;
        }
        uint256 flags = uint16(batchTerms) == FLEX ? 3 : 0;
        uint256 record = 1 | (flags << 8) | (uint256(1) << 16) | (batchTerms << 48) | (block.number << 96);
        assertEq(registry.batchOf(root), record, "batch record differs from the model");
        vm.prank(ISSUER);
        (bool again, ) = address(registry).call(abi.encodeCall(ICertificateRegistry.issueMerkle, (root, batchTerms)));
        assertTrue(!again, "a root is issued once");
    }

    /// @dev Batch terms from fuzz input (unregistered types, zero counts and high bits included)
    /// and whether the rules let the key of `keyKind` issue them under `root`.
    function _merkleModel(
        uint256 raw,
        uint8 keyKind,
        bool paused,
        bytes32 root
    ) private pure returns (uint256 batchTerms, bool expected) {
        uint256 typeId = raw % 4; // 0 is no type; 3 is registered and listed only for key kind 4
        uint256 count = (raw >> 8) % 3 == 0 ? 0 : 1 + ((raw >> 16) % type(uint32).max);
        uint256 high = (raw >> 48) % 5 == 0 ? uint256(1) << (48 + ((raw >> 56) % 200)) : 0;
        batchTerms = typeId | (count << 16) | high;
        bool listed = typeId == FLEX || typeId == FIXED || (keyKind == 4 && typeId == 3);
        bool keyOk = keyKind == 0 || keyKind == 1 || keyKind == 4;
        expected = !paused && keyOk && listed && root != bytes32(0) && count != 0 && high == 0;
    }

    /// @dev 0: as set up; 1: any-type only; 2: frozen; 3: withdrawn; 4: four listed types.
    function _enrolKeyOfKind(uint8 keyKind) private {
        if (keyKind == 4) {
            // A key listing four types, the fuzzed ones in the last entries of its word.
            string[] memory fields = new string[](1);
            fields[0] = "name";
            uint32[] memory allowed = new uint32[](1);
            allowed[0] = 1;
            vm.prank(OPERATOR);
            registry.registerType("Third type", fields, 0, false, false, allowed);
            vm.prank(OPERATOR);
            registry.registerType("Fourth type", fields, 0, false, false, allowed);
            uint16[] memory listed = new uint16[](4);
            (listed[0], listed[1], listed[2], listed[3]) = (4, 3, FIXED, FLEX);
            vm.prank(ISSUER);
            registry.setIssuer(ISSUER, listed, false);
        } else if (keyKind == 1) {
            vm.prank(ISSUER);
            registry.setIssuer(ISSUER, new uint16[](0), true);
        } else if (keyKind == 2) {
            vm.prank(address(consortium));
            registry.freeze(ISSUER, "fuzz");
        } else if (keyKind == 3) {
            vm.prank(ISSUER);
            registry.removeIssuer(ISSUER);
        }
    }

    /// @dev One leaf under test and its receipt.
    struct LeafCase {
        bytes32 id;
        uint256 index;
        uint40 from;
        uint40 until;
        ICertificateRegistry.Placement placement;
    }

    /// @notice The same for one leaf of a Merkle batch, by index, verified from its receipt.
    function testFuzz_CERT_28_leafStatusFollowsModel(uint256 seed, uint256 count, uint256 index, uint256 life) public {
        count = bound(count, 1, 300);
        LeafCase memory c;
        c.index = bound(index, 0, count - 1);
        c.from = uint40(block.timestamp);
        c.until = uint40(block.timestamp + bound(life, 1 days, 400 days));
        c.id = keccak256(abi.encode("leaf", seed));
        // Only the leaf under test needs a real id; the others are distinct placeholders.
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            leaves[i] = registry.leafHash(i == c.index ? c.id : keccak256(abi.encode(seed, i)), i, c.from, c.until);
        }
        (bytes32 root, bytes32[] memory proof) = rootAndProof(leaves, c.index);
        vm.prank(ISSUER);
        registry.issueMerkle(root, uint256(FLEX) | (count << 16));
        c.placement = placement(root, c.index, c.from, c.until, proof);
        _runLeafOps(c, seed);
    }

    function _runLeafOps(LeafCase memory c, uint256 seed) private {
        uint8 state = S_ACTIVE;
        uint256 t = block.timestamp;
        bytes32 root = c.placement.root;
        for (uint256 i = 0; i < 12; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, "op", i)));
            uint256 op = r % 4;
            if (op == 3) {
                t += (r >> 8) % 60 days;
                vm.warp(t);
            } else {
                bytes memory call =
                    op == 0
                        ? abi.encodeCall(ICertificateRegistry.revokeLeaf, (root, c.index, 1))
                        : (
                            op == 1
                                ? abi.encodeCall(ICertificateRegistry.suspendLeaf, (root, c.index, 9))
                                : abi.encodeCall(ICertificateRegistry.reinstateLeaf, (root, c.index, 10))
                        );
                vm.prank(ISSUER);
                (bool ok, ) = address(registry).call(call);
                assertTrue(ok == modelAllows(op, state, true), "leaf refusal differs from the model");
                if (ok) state = modelAfter(op);
            }
            uint8 got = uint8(registry.verifyReceipt(c.id, c.placement).status);
            assertEq(got, modelStatus(state, t, c.from, c.until), "leaf status differs");
        }
    }

    /// @notice A receipt verifies for any leaf of any batch size; a proof with one flipped bit,
    /// another index, other dates or another id never verifies.
    function testFuzz_CERT_28_receiptProofs(uint256 seed, uint256 count, uint256 index, uint256 flip) public {
        count = bound(count, 1, 64);
        index = bound(index, 0, count - 1);
        uint40 from = uint40(block.timestamp);
        bytes32[] memory ids = new bytes32[](count);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            ids[i] = keccak256(abi.encode("proof", seed, i));
            leaves[i] = registry.leafHash(ids[i], i, from, 0);
        }
        (bytes32 root, bytes32[] memory proof) = rootAndProof(leaves, index);
        vm.prank(ISSUER);
        registry.issueMerkle(root, uint256(FIXED) | (count << 16));
        ICertificateRegistry.Verification memory v = registry.verifyReceipt(
            ids[index],
            placement(root, index, from, 0, proof)
        );
        assertEq(uint8(v.status), VALID, "genuine receipt");
        assertEq(v.member, 1, "issuing member");
        assertEq(v.typeId, FIXED, "type");
        _assertForgeriesFail(ids[index], placement(root, index, from, 0, proof), count, flip);
        assertEq(status(ids[index]), UNKNOWN, "a leaf is not a stored certificate");
    }

    function _unknown(bytes32 id, ICertificateRegistry.Placement memory p, string memory what) private view {
        assertEq(uint8(registry.verifyReceipt(id, p).status), UNKNOWN, what);
    }

    function _assertForgeriesFail(
        bytes32 id,
        ICertificateRegistry.Placement memory good,
        uint256 count,
        uint256 flip
    ) private view {
        (bytes32 root, uint256 index, uint40 from, bytes32[] memory proof) = (
            good.root,
            good.index,
            good.validFrom,
            good.proof
        );
        if (proof.length > 0) {
            bytes32[] memory bad = new bytes32[](proof.length);
            for (uint256 i = 0; i < proof.length; ++i) bad[i] = proof[i];
            uint256 k = flip % proof.length;
            bad[k] = bad[k] ^ bytes32(uint256(1) << (flip % 256));
            _unknown(id, placement(root, index, from, 0, bad), "flipped proof");
        }
        if (count > 1) {
            uint256 other = (index + 1 + (flip % (count - 1))) % count;
            _unknown(id, placement(root, other, from, 0, proof), "other index");
        }
        _unknown(id, placement(root, index, from + 1, 0, proof), "other dates");
        _unknown(id, placement(root, index, from, from + 1, proof), "added expiry");
        _unknown(keccak256(abi.encode(id)), placement(root, index, from, 0, proof), "other id");
        _unknown(id, placement(root, count + index, from, 0, proof), "index beyond");
    }

    /// @notice Issue accepts exactly the terms the spec accepts and never overwrites a record.
    function testFuzz_CERT_28_termsAndDuplicates(bytes32 id, uint256 from, uint256 until, uint256 high) public {
        vm.assume(id != bytes32(0));
        from = bound(from, 0, block.timestamp + 1000 days);
        until = bound(until, 0, block.timestamp + 2000 days);
        high = bound(high, 0, 3);
        uint256 t = terms(FLEX, from, until) | (high << 100);
        uint256 effectiveFrom = from == 0 ? block.timestamp : from;
        bool valid = high == 0 && (until == 0 || (until > effectiveFrom && until > block.timestamp));
        vm.prank(ISSUER);
        (bool ok, ) = address(registry).call(abi.encodeCall(ICertificateRegistry.issue, (id, t)));
        assertTrue(ok == valid, "terms acceptance differs from the spec");
        if (!ok) return;
        uint256 record = registry.recordOf(id);
        vm.prank(ISSUER);
        (bool again, ) = address(registry).call(abi.encodeCall(ICertificateRegistry.issue, (id, terms(FIXED, 0, 0))));
        assertTrue(!again, "duplicate accepted");
        assertEq(registry.recordOf(id), record, "record overwritten");
    }

    /// @dev revokeLeafMasks against a model of one leaf-state word: leaves revoked or
    /// suspended before, then one mask; the call is refused exactly when the mask marks nothing,
    /// marks a leaf past the count or one revoked before, and otherwise revokes exactly the
    /// marked leaves, leaving every other leaf's state as it was.
    function testFuzz_CERT_91_leafMasksFollowModel(uint256 seed, uint256 count, uint256 word, uint256 mask) public {
        count = bound(count, 1, 400);
        word = bound(word, 0, 3);
        mask &= 0x5555555555555555555555555555555555555555555555555555555555555555;
        bytes32 root = keccak256(abi.encode("masks", seed));
        vm.prank(ISSUER);
        registry.issueMerkle(root, uint256(FLEX) | (count << 16));
        uint256 base = word * 128;
        // Leaves changed before: up to 6 revoked and 6 suspended, drawn from the word.
        for (uint256 i = 0; i < 12; ++i) {
            uint256 leaf = base + (uint256(keccak256(abi.encode(seed, "pre", i))) % 128);
            if (leaf >= count || registry.leafStateOf(root, leaf) != S_ACTIVE) continue;
            vm.prank(ISSUER);
            if (i % 2 == 0) registry.revokeLeaf(root, leaf, 1);
            else registry.suspendLeaf(root, leaf, 9);
        }
        uint8[128] memory before;
        for (uint256 k = 0; k < 128; ++k) {
            before[k] = base + k < count ? registry.leafStateOf(root, base + k) : 0;
            // Half the runs keep only leaves the call may revoke, so both outcomes are exercised.
            if (seed & 1 == 0 && (base + k >= count || before[k] == S_REVOKED)) mask &= ~(uint256(1) << (2 * k));
        }
        bool allowed = mask != 0;
        for (uint256 k = 0; k < 128; ++k) {
            bool marked = (mask >> (2 * k)) & 1 == 1;
            if (marked && (base + k >= count || before[k] == S_REVOKED)) allowed = false;
        }
        uint256[] memory masks = new uint256[](1);
        masks[0] = mask;
        vm.prank(ISSUER);
        (bool ok, ) = address(registry).call(
            abi.encodeCall(ICertificateRegistry.revokeLeafMasks, (root, word, masks, 1))
        );
        assertEq(ok, allowed, "mask refusal differs from the model");
        for (uint256 k = 0; k < 128 && base + k < count; ++k) {
            bool marked = (mask >> (2 * k)) & 1 == 1;
            uint8 want = ok && marked ? S_REVOKED : before[k];
            assertEq(registry.leafStateOf(root, base + k), want, "leaf state differs from the model");
        }
    }
}
