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
