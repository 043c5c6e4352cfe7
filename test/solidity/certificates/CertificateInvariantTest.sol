// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CertificateRegistry} from "../../../contracts/certificates/CertificateRegistry.sol";
import {ICertificateRegistry} from "../../../contracts/certificates/ICertificateRegistry.sol";
import {DisclosureGrants} from "../../../contracts/certificates/DisclosureGrants.sol";
import {SharingPoints} from "../../../contracts/certificates/SharingPoints.sol";
import {WithVm} from "../utils/Vm.sol";
import {CertTestBase} from "./CertTestBase.sol";

/// @notice The actor the invariant fuzzer drives: the issuer key itself, plus governance and a
/// querying bank through pranks. It keeps the model state of every certificate it issued.
// The model needs a counter per rule it checks (the multiproof path added three).
// solhint-disable-next-line max-states-count
contract CertificateHandler is WithVm {
    address internal constant QUERIER = address(0xC0FFEE03);
    uint8 internal constant S_ACTIVE = 1;
    uint8 internal constant S_REVOKED = 2;
    uint8 internal constant S_SUSPENDED = 3;

    CertificateRegistry public registry;
    DisclosureGrants public grants;
    SharingPoints public points;
    address public consortium;

    bytes32[] public ids;
    /// @notice The stored state each certificate must have, changed only by a successful call.
    mapping(bytes32 id => uint8) public modelState;
    mapping(bytes32 id => uint256) public validUntilOf;
    uint256 public calls;

    /// @notice Leaves of one-leaf Merkle batches, each declaring up to 2^32-1 leaves (the count
    /// is the issuer's word, so it must earn nothing by itself).
    bytes32[] public leafIds;
    mapping(bytes32 id => ICertificateRegistry.Placement) internal _placements;
    mapping(bytes32 id => bool) public leafRevoked;
    /// @notice Successful credits, and those of a certificate the model says was not live then.
    uint256 public credits;
    uint256 public deadCredits;
    uint256 public multiproofDeadCredits;
    uint256 public doubleLeafCredits;
    mapping(bytes32 id => bool) public leafCredited;
    uint256 public allocated;

    function init(CertificateRegistry r, DisclosureGrants g, SharingPoints p, address c) external {
        (registry, grants, points, consortium) = (r, g, p, c);
    }

    function count() external view returns (uint256) {
        return ids.length;
    }

    function issue(uint256 seed, bool flexible, uint256 life) external {
        bytes32 id = keccak256(abi.encode(seed, ids.length));
        uint256 until = block.timestamp + 1 days + (life % 365 days);
        registry.issue(id, uint256(flexible ? 1 : 2) | (until << 56));
        ids.push(id);
        modelState[id] = S_ACTIVE;
        validUntilOf[id] = until;
        ++calls;
    }

    function leafCount() external view returns (uint256) {
        return leafIds.length;
    }

    function issueBatch(uint256 seed, uint32 declared, uint256 life) external {
        bytes32 id = keccak256(abi.encode("leaf", seed, leafIds.length));
        uint40 from = uint40(block.timestamp);
        uint40 until = uint40(block.timestamp + 1 days + (life % 365 days));
        bytes32 root = registry.leafHash(id, 0, from, until);
        uint256 declaredLeaves = declared == 0 ? 1 : declared;
        try registry.issueMerkle(root, 1 | (declaredLeaves << 16)) {
            leafIds.push(id);
            _placements[id] = ICertificateRegistry.Placement(root, 0, from, until, new bytes32[](0));
            validUntilOf[id] = until;
        } catch {}
        ++calls;
    }

    function revokeLeaf(uint256 i) external {
        if (leafIds.length == 0) return;
        bytes32 id = leafIds[i % leafIds.length];
        try registry.revokeLeaf(_placements[id].root, 0, 1) {
            leafRevoked[id] = true;
        } catch {}
        ++calls;
    }

    function claimLeaf(uint256 i) external {
        if (leafIds.length == 0) return;
        bytes32 id = leafIds[i % leafIds.length];
        bytes32[] memory one = new bytes32[](1);
        one[0] = id;
        ICertificateRegistry.Placement[] memory at = new ICertificateRegistry.Placement[](1);
        at[0] = _placements[id];
        bool live = !leafRevoked[id] && block.timestamp <= validUntilOf[id];
        try points.claimContributions(one, at) {
            ++credits;
            if (!live) ++deadCredits;
            if (leafCredited[id]) ++doubleLeafCredits;
            leafCredited[id] = true;
        } catch {}
    }

    /// @dev The same leaf claimed by multiproof (CERT-92): a one-leaf batch's multiproof is the
    /// leaf alone (no proof hash, no flag), its root the leaf.
    function claimLeafByMultiproof(uint256 i) external {
        if (leafIds.length == 0) return;
        bytes32 id = leafIds[i % leafIds.length];
        ICertificateRegistry.Placement memory at = _placements[id];
        ICertificateRegistry.ProvenLeaf[] memory leaves = new ICertificateRegistry.ProvenLeaf[](1);
        leaves[0] = ICertificateRegistry.ProvenLeaf(id, at.index, at.validFrom, at.validUntil);
        bool live = !leafRevoked[id] && block.timestamp <= validUntilOf[id];
        try points.claimBatchContributions(at.root, leaves, new bytes32[](0), new bool[](0)) {
            ++credits;
            if (!live) {
                ++deadCredits;
                ++multiproofDeadCredits;
            }
            if (leafCredited[id]) ++doubleLeafCredits;
            leafCredited[id] = true;
        } catch {}
    }

    function revoke(uint256 i) external {
        if (ids.length == 0) return;
        bytes32 id = ids[i % ids.length];
        try registry.revoke(id, 1) {
            modelState[id] = S_REVOKED;
        } catch {}
        ++calls;
    }

    function suspend(uint256 i) external {
        if (ids.length == 0) return;
        bytes32 id = ids[i % ids.length];
        try registry.suspend(id, 9) {
            modelState[id] = S_SUSPENDED;
        } catch {}
        ++calls;
    }

    function reinstate(uint256 i) external {
        if (ids.length == 0) return;
        bytes32 id = ids[i % ids.length];
        try registry.reinstate(id, 10) {
            modelState[id] = S_ACTIVE;
        } catch {}
        ++calls;
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + (dt % 30 days));
    }

    function claim(uint256 i) external {
        if (ids.length == 0) return;
        bytes32[] memory one = new bytes32[](1);
        one[0] = ids[i % ids.length];
        bool live = modelState[one[0]] == S_ACTIVE && block.timestamp <= validUntilOf[one[0]];
        try points.claimContributions(one, new ICertificateRegistry.Placement[](0)) {
            ++credits;
            if (!live) ++deadCredits;
        } catch {}
    }

    function allocate(uint256 amount) external {
        vm.prank(consortium);
        points.allocate(3, 1 + (amount % 100), "start balance");
        allocated += 1 + (amount % 100);
    }

    function setRates(uint256 earn, uint256 cost) external {
        vm.prank(consortium);
        points.setRates(earn % 50, cost % 50);
    }

    function query(uint256 i) external {
        if (ids.length == 0) return;
        bytes32 id = ids[i % ids.length];
        ICertificateRegistry.Placement memory stored;
        grants.grantByIssuer(id, stored, QUERIER, uint64(block.timestamp + 1 days));
        vm.prank(QUERIER);
        try points.recordQuery(id, stored) {} catch {}
    }
}

/// @title CertificateInvariantTest
/// @notice Invariants under random sequences of issue, revoke, suspend, reinstate, time,
/// contribution claims (stored and Merkle leaves of batches declaring any count), allocations,
/// rate changes and detail queries (CERT-27, CERT-23, CERT-61).
contract CertificateInvariantTest is CertTestBase {
    CertificateHandler internal handler;

    function setUp() public {
        vm.warp(1_780_000_000);
        handler = new CertificateHandler();
        deployCertificates(address(handler));
        handler.init(registry, grants, points, address(consortium));
    }

    /// @notice The fuzzer calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every certificate's stored state is the model's: revoked stays revoked, and a
    /// suspended certificate becomes active again only through a successful reinstate.
    function invariant_CERT_27_storedStateFollowsModel() public view {
        uint256 n = handler.count();
        for (uint256 i = 0; i < n; ++i) {
            bytes32 id = handler.ids(i);
            uint8 state = uint8(registry.recordOf(id));
            assertEq(state, handler.modelState(id), "stored state differs from the model");
            if (state == 2) assertEq(status(id), 2, "a revoked certificate verifies as something else");
        }
    }

    /// @notice Points are conserved: earned - spent == the sum of balances, member by member.
    function invariant_CERT_23_pointsConserved() public view {
        uint256 sum;
        for (uint32 m = 1; m <= 3; ++m) {
            uint256 balance = points.balanceOf(m);
            assertEq(balance, points.earnedBy(m) - points.spentBy(m), "member balance != earned - spent");
            sum += balance;
        }
        assertEq(sum, points.totalEarned() - points.totalSpent(), "sum of balances != earned - spent");
        assertEq(sum, points.totalBalance(), "totalBalance");
    }

    /// @notice Every contribution credit traces to one certificate, live when credited, credited
    /// once: the credited flags in the registry are exactly the successful credits, and the
    /// points earned beyond allocations are at most one top rate (49) per credit, however many
    /// leaves the batches declared.
    function invariant_CERT_61_creditsTraceToLiveCertificates() public view {
        assertEq(handler.deadCredits(), 0, "a revoked, suspended or expired certificate earned");
        uint256 flagged;
        uint256 n = handler.count();
        for (uint256 i = 0; i < n; ++i) if (registry.recordOf(handler.ids(i)) & (8 << 8) != 0) ++flagged;
        n = handler.leafCount();
        for (uint256 i = 0; i < n; ++i) if (registry.recordOf(handler.leafIds(i)) & (8 << 8) != 0) ++flagged;
        assertEq(flagged, handler.credits(), "credited flags != successful credits");
        assertTrue(
            points.totalEarned() - handler.allocated() <= handler.credits() * 49,
            "points beyond the certificates shown"
        );
    }

    /// @notice Leaves credited by multiproof (CERT-92) are held to the receipt's rules: none
    /// revoked or expired when credited, and no leaf credited twice across both claim paths.
    function invariant_CERT_92_multiproofCreditsLiveLeavesOnce() public view {
        assertEq(handler.multiproofDeadCredits(), 0, "a dead leaf earned by multiproof");
        assertEq(handler.doubleLeafCredits(), 0, "a leaf credited twice (receipt or multiproof)");
    }
}
