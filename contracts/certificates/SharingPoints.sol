// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IDisclosureGrants} from "./IDisclosureGrants.sol";
import {ISharingPoints} from "./ISharingPoints.sol";
import {RegistryReader} from "./RegistryReader.sol";
import {IConsortiumDirectory} from "../access/IConsortiumDirectory.sol";

/// @title SharingPoints
/// @notice The data-sharing incentive ledger (数据积分): a member earns points for every
/// certificate it contributed (credited once per live certificate, a Merkle one when its
/// receipt is proven, by the registry) and spends points for every detail query of another member's certificate, made
/// under a grant recorded in DisclosureGrants. Rates are set by governance. Points are only
/// created by earning and only destroyed by spending, so at all times
/// sum(balanceOf) == totalEarned - totalSpent, and for each member
/// balanceOf == earnedBy - spentBy; every movement is an event with a sequence number.
contract SharingPoints is ISharingPoints, ConsortiumModule {
    /// @inheritdoc ISharingPoints
    ICertificateRegistry public immutable registry;

    /// @inheritdoc ISharingPoints
    IDisclosureGrants public immutable grants;

    /// @inheritdoc ISharingPoints
    uint256 public earnRate;

    /// @inheritdoc ISharingPoints
    uint256 public queryCost;

    /// @inheritdoc ISharingPoints
    uint256 public totalEarned;

    /// @inheritdoc ISharingPoints
    uint256 public totalSpent;

    /// @inheritdoc ISharingPoints
    uint256 public movementCount;

    /// @inheritdoc ISharingPoints
    mapping(uint32 member => uint256) public balanceOf;

    /// @inheritdoc ISharingPoints
    mapping(uint32 member => uint256) public earnedBy;

    /// @inheritdoc ISharingPoints
    mapping(uint32 member => uint256) public spentBy;

    uint32[] private _members;

    mapping(uint32 member => bool) private _seen;

    constructor(
        address consortium_,
        ICertificateRegistry registry_,
        IDisclosureGrants grants_
    ) ConsortiumModule(consortium_) {
        registry = registry_;
        grants = grants_;
    }

    /// @inheritdoc ISharingPoints
    function setRates(uint256 earnRate_, uint256 queryCost_) external {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        earnRate = earnRate_;
        queryCost = queryCost_;
        emit RatesChanged(earnRate_, queryCost_);
    }

    /// @inheritdoc ISharingPoints
    function allocate(uint32 member, uint256 amount, string calldata reason) external {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        if (amount == 0 || member == 0 || member > _directory().memberCount()) {
            revert InvalidAllocation(member, amount);
        }
        _earn(member, amount, 0, reason);
    }

    /// @inheritdoc ISharingPoints
    /// @dev The arguments are those of {ICertificateRegistry.markCredited}, encoded the same way,
    /// so the call forwards this call's own calldata under the registry's selector instead of
    /// encoding the receipts again; the registry decodes (and checks) them once.
    function claimContributions(
        bytes32[] calldata ids,
        ICertificateRegistry.Placement[] calldata placements
    ) external whenNotPaused {
        if (ids.length == 0) revert NothingToClaim();
        placements; // read by the registry from the forwarded calldata
        address r = address(registry);
        bytes4 selector = ICertificateRegistry.markCredited.selector;
        uint256 credits;
        uint256 tallies;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            calldatacopy(add(m, 0x04), 0x04, sub(calldatasize(), 0x04))
            let ok := call(gas(), r, 0, m, calldatasize(), 0, 0)
            returndatacopy(m, 0, returndatasize())
            if iszero(ok) {
                revert(m, returndatasize())
            }
            // (uint32[] members, uint256[] counts): two heads, then each array's length and
            // words; both arrays must lie inside what the registry returned.
            if lt(returndatasize(), 0x80) {
                revert(0, 0)
            }
            let a := mload(m)
            let b := mload(add(m, 0x20))
            let n := mload(add(m, a))
            if or(
                or(gt(or(or(a, b), n), 0xffffffff), iszero(eq(n, mload(add(m, b))))),
                or(gt(add(a, shl(5, add(n, 1))), returndatasize()), gt(add(b, shl(5, add(n, 1))), returndatasize()))
            ) {
                revert(0, 0)
            }
            credits := add(m, a)
            tallies := add(m, b)
            mstore(0x40, add(m, returndatasize()))
        }
        uint32[] memory credited;
        uint256[] memory counts;
        assembly ("memory-safe") {
            credited := credits
            counts := tallies
        }
        uint256 rate = earnRate;
        for (uint256 i = 0; i < credited.length; ++i) {
            _earn(credited[i], counts[i] * rate, counts[i], "contribution");
        }
    }

    /// @inheritdoc ISharingPoints
    /// @dev A ProvenLeaf is four static words in calldata, exactly abi.encode(id, index,
    /// validFrom, validUntil): each leaf is hashed in place, as the registry hashes a receipt's.
    /// The multiproof is checked as MerkleProof.processMultiProofCalldata checks it (the same
    /// queue of leaves then hashes, the same length rule, every proof hash used), in scratch
    /// memory, and the leaves are forwarded to the registry as they came, one copy.
    function claimBatchContributions(
        bytes32 root,
        ICertificateRegistry.ProvenLeaf[] calldata leaves,
        bytes32[] calldata proof,
        bool[] calldata proofFlags
    ) external whenNotPaused {
        uint256 n = leaves.length;
        if (n == 0) revert NothingToClaim();
        if (!_multiProves(root, leaves, proof, proofFlags)) revert InvalidMultiproof(root);
        address r = address(registry);
        bytes4 selector = ICertificateRegistry.creditProvenLeaves.selector;
        uint32 member;
        uint256 count;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            mstore(add(m, 0x04), root)
            mstore(add(m, 0x24), 0x40)
            mstore(add(m, 0x44), n)
            let size := shl(7, n)
            calldatacopy(add(m, 0x64), leaves.offset, size)
            if iszero(call(gas(), r, 0, m, add(0x64, size), 0x00, 0x40)) {
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
            if lt(returndatasize(), 0x40) {
                revert(0, 0)
            }
            member := mload(0x00)
            count := mload(0x20)
            if gt(member, 0xffffffff) {
                revert(0, 0)
            }
        }
        _earn(member, count * earnRate, count, "contribution");
    }

    /// @dev processMultiProofCalldata's rule on leaves hashed from calldata: leaves then hashes
    /// are one queue, each flag takes its second operand from the queue (true) or the proof
    /// (false; a flag word other than 0 or 1 counts as true, as a bool), and each pair is hashed
    /// smaller first, as Hashes.commutativeKeccak256. The queue starts at the free memory
    /// pointer, left unallocated: leaf i is copied where its hash goes, overwriting no earlier
    /// hash; flag k sits as far from proofFlags.offset as hash k from the first hash. With
    /// n + proof.length == flags + 1 (lengths bounded by the calldata: the sums do not wrap) and
    /// the whole proof used, the queue ends one entry (the root) past its reader; each step moves
    /// the reader at least as far as the writer, so no step read an entry not yet written. The
    /// queue's last entry is the root: the last hash, or the one leaf when there is no flag.
    function _multiProves(
        bytes32 root,
        ICertificateRegistry.ProvenLeaf[] calldata leaves,
        bytes32[] calldata proof,
        bool[] calldata proofFlags
    ) private pure returns (bool ok) {
        uint256 n = leaves.length;
        uint256 flags = proofFlags.length;
        assembly ("memory-safe") {
            let q := mload(0x40)
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
            } {
                let at := add(q, shl(5, i))
                calldatacopy(at, add(leaves.offset, shl(7, i)), 0x80)
                mstore(0x00, keccak256(at, 0x80))
                mstore(at, keccak256(0x00, 0x20))
            }
            let head := q
            let tail := add(q, shl(5, n))
            let p := proof.offset
            let fd := sub(proofFlags.offset, tail)
            for {
                let end := add(tail, shl(5, flags))
            } lt(tail, end) {
                tail := add(tail, 0x20)
            } {
                let fl := iszero(iszero(calldataload(add(tail, fd))))
                let a := mload(head)
                let b := calldataload(p)
                if fl {
                    b := mload(add(head, 0x20))
                }
                head := add(head, shl(5, add(fl, 1)))
                p := add(p, shl(5, iszero(fl)))
                if lt(b, a) {
                    let t := a
                    a := b
                    b := t
                }
                mstore(0x00, a)
                mstore(0x20, b)
                mstore(tail, keccak256(0x00, 0x40))
            }
            ok := and(
                and(eq(add(n, proof.length), add(flags, 1)), eq(p, add(proof.offset, shl(5, proof.length)))),
                and(eq(head, sub(tail, 0x20)), eq(mload(sub(tail, 0x20)), root))
            )
        }
    }

    /// @inheritdoc ISharingPoints
    function recordQuery(bytes32 id, ICertificateRegistry.Placement calldata placement) external whenNotPaused {
        _checkMemberAccount(msg.sender);
        uint32 querier = _callerMember();
        _requireGrant(id);
        (uint256 status, uint32 owner) = RegistryReader.resolve(registry, id, placement);
        if (status == uint256(ICertificateRegistry.Status.Unknown)) revert UnknownCertificate(id);
        uint256 cost = owner == querier ? 0 : queryCost;
        if (cost != 0) {
            uint256 balance = balanceOf[querier];
            if (balance < cost) revert InsufficientPoints(querier, balance, cost);
            balanceOf[querier] = balance - cost;
            spentBy[querier] += cost;
            totalSpent += cost;
            emit PointsSpent(++movementCount, querier, cost, id, owner);
        }
        emit DetailQueried(id, msg.sender, querier, owner, cost);
    }

    /// @inheritdoc ISharingPoints
    function members() external view returns (uint32[] memory) {
        return _members;
    }

    /// @inheritdoc ISharingPoints
    function totalBalance() external view returns (uint256 sum) {
        for (uint256 i = 0; i < _members.length; ++i) sum += balanceOf[_members[i]];
    }

    /// @dev The consortium directory's memberOf(msg.sender), as _memberOf but read in place
    /// from a 36-byte call: this is the per-query path.
    function _callerMember() private view returns (uint32 member) {
        address c = consortium;
        bytes4 selector = IConsortiumDirectory.memberOf.selector;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, caller())
            let ok := staticcall(gas(), c, 0x00, 0x24, 0x00, 0x20)
            if iszero(and(ok, gt(returndatasize(), 0x1f))) {
                let m := mload(0x40)
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
            member := mload(0x00)
            // A member id above 32 bits would not be one of this ledger's members.
            if gt(member, 0xffffffff) {
                revert(0, 0)
            }
        }
    }

    /// @dev DisclosureGrants.requireGrant(id, msg.sender), its refusal passed on as it is. A
    /// low-level call: the grant's expiry it returns shows the check ran, so no separate code
    /// size check of the (immutable) grants contract is needed.
    function _requireGrant(bytes32 id) private view {
        address g = address(grants);
        bytes4 selector = IDisclosureGrants.requireGrant.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            mstore(add(m, 0x04), id)
            mstore(add(m, 0x24), caller())
            let ok := staticcall(gas(), g, m, 0x44, 0x00, 0x20)
            if iszero(ok) {
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
            if lt(returndatasize(), 0x20) {
                revert(0, 0)
            }
        }
    }

    function _earn(uint32 member, uint256 amount, uint256 certificates, string memory reason) private {
        if (!_seen[member]) {
            _seen[member] = true;
            _members.push(member);
        }
        balanceOf[member] += amount;
        earnedBy[member] += amount;
        totalEarned += amount;
        emit PointsEarned(++movementCount, member, amount, certificates, reason);
    }
}
