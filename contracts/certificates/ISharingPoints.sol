// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumModule} from "../access/IConsortiumModule.sol";
import {ICertificateErrors} from "./ICertificateErrors.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IDisclosureGrants} from "./IDisclosureGrants.sol";

/// @title ISharingPoints
/// @notice The data-sharing incentive ledger (数据积分): points earned per certificate contributed
/// and spent per detail query of another member's certificate. Everything SharingPoints offers
/// besides the module kit's {IConsortiumModule}.
interface ISharingPoints is IConsortiumModule, ICertificateErrors {
    // ------------------------------------------------------------------ events

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

    // ------------------------------------------------------------------ errors

    /// @notice The member's balance does not cover the query.
    error InsufficientPoints(uint32 member, uint256 balance, uint256 needed);

    /// @notice Nothing was given to credit.
    error NothingToClaim();

    /// @notice The multiproof does not take `leaves` to the batch root `root`.
    error InvalidMultiproof(bytes32 root);

    /// @notice Allocations go to an existing member and are positive.
    error InvalidAllocation(uint32 member, uint256 amount);

    // ------------------------------------------------------------------ functions

    /// @notice The registry that proves contributions and answers placements.
    function registry() external view returns (ICertificateRegistry);

    /// @notice Where detail grants are recorded.
    function grants() external view returns (IDisclosureGrants);

    /// @notice Points earned per certificate contributed.
    function earnRate() external view returns (uint256);

    /// @notice Points spent per detail query of another member's certificate.
    function queryCost() external view returns (uint256);

    /// @notice All points ever earned (contributions and governance allocations).
    function totalEarned() external view returns (uint256);

    /// @notice All points ever spent.
    function totalSpent() external view returns (uint256);

    /// @notice Number of movements so far (each earn or spend has the next sequence number).
    function movementCount() external view returns (uint256);

    /// @notice Current balance of a member.
    function balanceOf(uint32 member) external view returns (uint256);

    /// @notice Points a member ever earned.
    function earnedBy(uint32 member) external view returns (uint256);

    /// @notice Points a member ever spent.
    function spentBy(uint32 member) external view returns (uint256);

    /// @notice Set the rates. Governance only (a CallModule proposal).
    /// @param earnRate_ points per certificate contributed
    /// @param queryCost_ points per detail query of another member's certificate
    function setRates(uint256 earnRate_, uint256 queryCost_) external;

    /// @notice Allocate points to a member outside contributions (e.g. a start balance).
    /// Governance only; counted as earned.
    /// @param member the member id
    /// @param amount points
    /// @param reason why, kept in the event
    function allocate(uint32 member, uint256 amount, string calldata reason) external;

    /// @notice Credit the issuing members of live (valid or not yet valid), not yet credited
    /// certificates at the current earn rate. Anyone may call it; each certificate id is credited
    /// once (the registry marks it), and a Merkle certificate only with its proven receipt, so
    /// points never exceed the certificates shown to exist.
    /// @param ids the certificate ids
    /// @param placements none when every id is stored, else one per id (root 0: stored)
    function claimContributions(bytes32[] calldata ids, ICertificateRegistry.Placement[] calldata placements) external;

    /// @notice Credit leaves of one Merkle batch with one multiproof (CERT-92): the proof's upper
    /// levels are shared between the leaves, so each leaf costs far less than its own receipt.
    /// The multiproof is OpenZeppelin's (MerkleProof.multiProofVerifyCalldata, as
    /// the getMultiProof of OpenZeppelin's merkle-tree package builds it): `leaves` in the proof's order, each
    /// hashed as a receipt's leaf. The registry then holds every leaf to the rules of a receipt
    /// (CERT-61: live, credited once, its index inside the batch), credits the batch's issuing
    /// member, and refuses the whole claim otherwise (NotCreditable). Anyone may call it.
    /// @param root the batch
    /// @param leaves the leaves, in the multiproof's order
    /// @param proof the multiproof's sibling hashes
    /// @param proofFlags the multiproof's flags
    function claimBatchContributions(
        bytes32 root,
        ICertificateRegistry.ProvenLeaf[] calldata leaves,
        bytes32[] calldata proof,
        bool[] calldata proofFlags
    ) external;

    /// @notice Record a detail query of a certificate by the caller, under its unexpired grant;
    /// the caller's member pays {queryCost} unless the certificate is its own member's.
    /// @param id the certificate id
    /// @param placement where it lives (root 0: stored)
    function recordQuery(bytes32 id, ICertificateRegistry.Placement calldata placement) external;

    /// @notice Every member that ever earned points.
    function members() external view returns (uint32[] memory);

    /// @notice Sum of all balances; equals totalEarned - totalSpent.
    function totalBalance() external view returns (uint256 sum);
}
