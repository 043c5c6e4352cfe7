// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ConsortiumGoverned} from "../access/ConsortiumGoverned.sol";
import {Roles} from "../access/Roles.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IConsortiumDirectory} from "../access/IConsortiumDirectory.sol";
import {DisclosureGrants} from "./DisclosureGrants.sol";

/// @notice The registry's contribution marking, as the ledger uses it.
interface ICertificateContributions {
    /// @notice Marks certificates and batches as credited; returns the members and their counts.
    function markCredited(
        bytes32[] calldata ids,
        bytes32[] calldata roots
    ) external returns (uint32[] memory members, uint256[] memory counts);
}

/// @title SharingPoints
/// @notice The data-sharing incentive ledger (数据积分): a member earns points for every
/// certificate it contributed (credited once per certificate or Merkle batch, proven by the
/// registry) and spends points for every detail query of another member's certificate, made
/// under a grant recorded in DisclosureGrants. Rates are set by governance. Points are only
/// created by earning and only destroyed by spending, so at all times
/// sum(balanceOf) == totalEarned - totalSpent, and for each member
/// balanceOf == earnedBy - spentBy; every movement is an event with a sequence number.
contract SharingPoints is ConsortiumGoverned {
    /// @notice The registry that proves contributions and answers placements.
    ICertificateRegistry public immutable registry;
    /// @notice Where detail grants are recorded.
    DisclosureGrants public immutable grants;

    /// @notice Points earned per certificate contributed.
    uint256 public earnRate;
    /// @notice Points spent per detail query of another member's certificate.
    uint256 public queryCost;
    /// @notice All points ever earned (contributions and governance allocations).
    uint256 public totalEarned;
    /// @notice All points ever spent.
    uint256 public totalSpent;
    /// @notice Number of movements so far (each earn or spend has the next sequence number).
    uint256 public movementCount;

    /// @notice Current balance of a member.
    mapping(uint32 member => uint256) public balanceOf;
    /// @notice Points a member ever earned.
    mapping(uint32 member => uint256) public earnedBy;
    /// @notice Points a member ever spent.
    mapping(uint32 member => uint256) public spentBy;
    uint32[] private _members;
    mapping(uint32 member => bool) private _seen;

    /// @notice Governance set the rates.
    event RatesChanged(uint256 earnRate, uint256 queryCost);
    /// @notice `member` earned `amount` for `certificates` contributions (0 for an allocation).
    event PointsEarned(
        uint256 indexed movement,
        uint32 indexed member,
        uint256 amount,
        uint256 certificates,
        string reason
    );
    /// @notice `member` spent `amount` on a detail query of `id`, owned by `ownerMember`.
    event PointsSpent(
        uint256 indexed movement,
        uint32 indexed member,
        uint256 amount,
        bytes32 indexed id,
        uint32 ownerMember
    );
    /// @notice `querier` made a detail query of `id` under a valid grant.
    event DetailQueried(
        bytes32 indexed id,
        address indexed querier,
        uint32 querierMember,
        uint32 ownerMember,
        uint256 cost
    );

    /// @notice The member's balance does not cover the query.
    error InsufficientPoints(uint32 member, uint256 balance, uint256 needed);
    /// @notice `account` is not an active, unfrozen member account here.
    error NotMemberAccount(address account);
    /// @notice The certificate is not known to the registry in that placement.
    error UnknownCertificate(bytes32 id);
    /// @notice Nothing was given to credit.
    error NothingToClaim();
    /// @notice Allocations go to an existing member and are positive.
    error InvalidAllocation(uint32 member, uint256 amount);

    constructor(
        address consortium_,
        ICertificateRegistry registry_,
        DisclosureGrants grants_
    ) ConsortiumGoverned(consortium_) {
        registry = registry_;
        grants = grants_;
    }

    /// @notice Set the rates. Governance only (a CallModule proposal).
    /// @param earnRate_ points per certificate contributed
    /// @param queryCost_ points per detail query of another member's certificate
    function setRates(uint256 earnRate_, uint256 queryCost_) external {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        earnRate = earnRate_;
        queryCost = queryCost_;
        emit RatesChanged(earnRate_, queryCost_);
    }

    /// @notice Allocate points to a member outside contributions (e.g. a start balance).
    /// Governance only; counted as earned.
    /// @param member the member id
    /// @param amount points
    /// @param reason why, kept in the event
    function allocate(uint32 member, uint256 amount, string calldata reason) external {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        if (amount == 0 || member == 0 || member > IConsortiumDirectory(consortium).memberCount()) {
            revert InvalidAllocation(member, amount);
        }
        _earn(member, amount, 0, reason);
    }

    /// @notice Credit the contributing members of active, not yet credited certificates and
    /// Merkle batches at the current earn rate. Anyone may call it; each certificate or batch
    /// is credited once (the registry marks it).
    /// @param ids stored certificates
    /// @param roots Merkle batches (each counts its leaves)
    function claimContributions(bytes32[] calldata ids, bytes32[] calldata roots) external whenNotPaused {
        if (ids.length + roots.length == 0) revert NothingToClaim();
        (uint32[] memory credited, uint256[] memory counts) = ICertificateContributions(address(registry)).markCredited(
            ids,
            roots
        );
        uint256 rate = earnRate;
        for (uint256 i = 0; i < credited.length; ++i) {
            _earn(credited[i], counts[i] * rate, counts[i], "contribution");
        }
    }

    /// @notice Record a detail query of a certificate by the caller, under its unexpired grant;
    /// the caller's member pays {queryCost} unless the certificate is its own member's.
    /// @param id the certificate id
    /// @param placement where it lives (root 0: stored)
    function recordQuery(bytes32 id, ICertificateRegistry.Placement calldata placement) external whenNotPaused {
        if (!hasRole(msg.sender, Roles.MEMBER)) revert NotMemberAccount(msg.sender);
        uint32 querier = uint32(IConsortiumDirectory(consortium).memberOf(msg.sender));
        grants.requireGrant(id, msg.sender);
        ICertificateRegistry.Verification memory v = registry.verifyPlaced(id, placement);
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

    /// @notice Every member that ever earned points.
    function members() external view returns (uint32[] memory) {
        return _members;
    }

    /// @notice Sum of all balances; equals totalEarned - totalSpent.
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
