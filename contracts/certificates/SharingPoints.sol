// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumModule} from "../access/ConsortiumModule.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IDisclosureGrants} from "./IDisclosureGrants.sol";
import {ISharingPoints} from "./ISharingPoints.sol";

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
    function claimContributions(
        bytes32[] calldata ids,
        ICertificateRegistry.Placement[] calldata placements
    ) external whenNotPaused {
        if (ids.length == 0) revert NothingToClaim();
        (uint32[] memory credited, uint256[] memory counts) = registry.markCredited(ids, placements);
        uint256 rate = earnRate;
        for (uint256 i = 0; i < credited.length; ++i) {
            _earn(credited[i], counts[i] * rate, counts[i], "contribution");
        }
    }

    /// @inheritdoc ISharingPoints
    function recordQuery(bytes32 id, ICertificateRegistry.Placement calldata placement) external whenNotPaused {
        _checkMemberAccount(msg.sender);
        uint32 querier = uint32(_memberOf(msg.sender));
        grants.requireGrant(id, msg.sender);
        ICertificateRegistry.Verification memory v = registry.resolve(id, placement);
        if (v.status == ICertificateRegistry.Status.Unknown) revert UnknownCertificate(id);
        uint256 cost = v.member == querier ? 0 : queryCost;
        if (cost != 0) {
            uint256 balance = balanceOf[querier];
            if (balance < cost) revert InsufficientPoints(querier, balance, cost);
            balanceOf[querier] = balance - cost;
            spentBy[querier] += cost;
            totalSpent += cost;
            emit PointsSpent(++movementCount, querier, cost, id, v.member);
        }
        emit DetailQueried(id, msg.sender, querier, v.member, cost);
    }

    /// @inheritdoc ISharingPoints
    function members() external view returns (uint32[] memory) {
        return _members;
    }

    /// @inheritdoc ISharingPoints
    function totalBalance() external view returns (uint256 sum) {
        for (uint256 i = 0; i < _members.length; ++i) sum += balanceOf[_members[i]];
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
