// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumDirectory} from "./IConsortiumDirectory.sol";
import {IConsortiumErrors} from "./IConsortiumErrors.sol";

/// @title IConsortium
/// @notice Types, events and errors of the consortium: members, their accounts, roles,
/// consensus nodes, governed modules and the proposals that change them.
interface IConsortium is IConsortiumDirectory, IConsortiumErrors {
    enum MemberStatus {
        None,
        Active,
        Suspended,
        Expelled
    }

    enum NodeStatus {
        None,
        Admitted,
        Removed
    }

    /// @dev Each kind's payload is `abi.encode` of the arguments listed beside it.
    enum ProposalKind {
        AdmitMember, // (string name, address admin, uint32 weight)
        SuspendMember, // (uint64 memberId)
        ReinstateMember, // (uint64 memberId)
        ExpelMember, // (uint64 memberId)
        GrantRole, // (address account, uint8 role)
        RevokeRole, // (address account, uint8 role)
        AdmitNode, // (uint64 memberId, address signer, string enode)
        RemoveNode, // (uint64 nodeId)
        SetVotingRules, // (VotingRules rules)
        SetMemberWeight, // (uint64 memberId, uint32 weight)
        RegisterModule, // (address module)
        UnregisterModule, // (address module)
        CallModule // (address module, bytes data)
    }

    enum ProposalState {
        None,
        Active, // voting open until the deadline
        Defeated, // deadline passed without quorum, approval or the leading member's vote
        Queued, // passed, waiting for the execution delay
        Ready, // executable until the execution window closes
        Executed,
        Expired, // passed but not executed within the window
        Canceled
    }

    enum VoteType {
        None, // no vote, or a withdrawn one
        For,
        Against,
        Abstain
    }

    /// @notice The rules every proposal is decided by; a proposal keeps the rules it was made under.
    /// @param quorumBps participation needed, in basis points of the active voting weight
    /// @param approvalBps share of For among For+Against needed, in basis points (> 50%)
    /// @param votingPeriod seconds from proposal to deadline
    /// @param executionDelay seconds between deadline and the first moment of execution
    /// @param executionWindow seconds during which a passed proposal can be executed
    /// @param leadingMember member whose For vote every proposal needs (0: joint committee)
    struct VotingRules {
        uint16 quorumBps;
        uint16 approvalBps;
        uint32 votingPeriod;
        uint32 executionDelay;
        uint32 executionWindow;
        uint64 leadingMember;
    }

    struct Member {
        string name;
        MemberStatus status;
        uint32 weight;
        uint64 joinedAt;
        uint16 adminCount;
        uint16 nodeCount;
    }

    struct Node {
        uint64 memberId;
        address signer;
        NodeStatus status;
        uint64 admittedAt;
        uint64 removedAt;
        string enode;
    }

    struct Proposal {
        ProposalKind kind;
        uint64 proposerMember;
        address proposer;
        uint64 createdAt;
        uint64 deadline;
        uint64 totalWeight; // active voting weight when the proposal was made
        uint64 forWeight;
        uint64 againstWeight;
        uint64 abstainWeight;
        VotingRules rules;
        bool leaderApproved;
        bool executed;
        bool canceled;
        bytes payload;
    }

    struct Ballot {
        VoteType support;
        uint32 weight;
    }

    struct GenesisMember {
        string name;
        address[] admins;
        uint32 weight;
    }

    struct GenesisGrant {
        address account;
        uint8 role;
    }

    struct GenesisNode {
        uint64 memberId;
        address signer;
        string enode;
    }

    // ---------------------------------------------------------------- events

    event MemberAdmitted(uint64 indexed memberId, string name, address admin, uint32 weight);
    event MemberStatusChanged(uint64 indexed memberId, MemberStatus from, MemberStatus to);
    event MemberWeightChanged(uint64 indexed memberId, uint32 weight);
    event AccountAdded(uint64 indexed memberId, address indexed account, bool admin, address indexed by);
    event AccountRemoved(uint64 indexed memberId, address indexed account, address indexed by);
    event AccountAdminChanged(uint64 indexed memberId, address indexed account, bool admin, address indexed by);
    event RoleGranted(address indexed account, uint8 indexed role, uint256 indexed proposalId);
    event RoleRevoked(address indexed account, uint8 indexed role, uint256 indexed proposalId);
    event NodeAdmitted(uint64 indexed nodeId, uint64 indexed memberId, address indexed signer, string enode);
    event NodeRemoved(uint64 indexed nodeId, uint64 indexed memberId, address indexed signer);
    event ModuleRegistered(address indexed module);
    event ModuleUnregistered(address indexed module);
    event ModuleCalled(address indexed module, bytes data, bytes result);
    event VotingRulesChanged(VotingRules rules);
    event ProposalCreated(
        uint256 indexed proposalId,
        ProposalKind kind,
        uint64 indexed proposerMember,
        address proposer,
        uint64 deadline,
        bytes payload,
        string description
    );
    event VoteCast(
        uint256 indexed proposalId,
        uint64 indexed memberId,
        address indexed account,
        VoteType support,
        uint32 weight
    );
    event ProposalExecuted(uint256 indexed proposalId, address indexed by);
    event ProposalCanceled(uint256 indexed proposalId, address indexed by);
    event GenesisSealed(address indexed by);

    // ---------------------------------------------------------------- errors

    error MemberNotActive(uint64 memberId, MemberStatus status);
    error MemberNotSuspended(uint64 memberId, MemberStatus status);
    error MemberAlreadyExpelled(uint64 memberId);
    error AdminUnchanged(address account, bool admin);
    error ModuleNotGoverned(address module);
    error AccountAlreadyMember(address account, uint64 memberId);
    error AccountNotInMember(address account, uint64 memberId);
    error LastAdmin(uint64 memberId, address account);
    error AccountHoldsRoles(address account, uint256 roles);
    error TooManyAccounts(uint64 memberId, uint256 max);
    error TooManyModules(uint256 max);
    error TooManyNodes(uint64 memberId, uint256 max);
    error InvalidRole(uint8 role);
    error RoleAlreadyGranted(address account, uint8 role);
    error RoleNotGranted(address account, uint8 role);
    error NotAnAccount(address account);
    error InvalidName();
    error InvalidWeight(uint32 weight);
    error InvalidVotingRules(string reason);
    error WouldLeaveNoVoters();
    error LeadingMemberRequired(uint64 memberId);
    error MemberOperatesNodes(uint64 memberId, uint256 nodes);
    error InvalidEnode();
    error SignerAlreadyAdmitted(address signer, uint64 nodeId);
    error UnknownNode(uint64 nodeId);
    error NodeNotAdmitted(uint64 nodeId);
    error ModuleAlreadyRegistered(address module);
    /// @notice The module was unregistered before; its mirror may be stale, so it cannot return.
    error ModuleRetired(address module);
    error ModuleNotRegistered(address module);
    error NotAContract(address module);
    error ModuleCallFailed(address module, bytes reason);
    /// @notice A CallModule proposal may not call `selector` of a module (applyAccess: access words
    /// reach modules only as copies of {accessOf}).
    error ModuleCallForbidden(address module, bytes4 selector);
    error UnknownProposal(uint256 proposalId);
    error ProposalNotActive(uint256 proposalId, ProposalState state);
    error ProposalNotReady(uint256 proposalId, ProposalState state);
    /// @notice The member was admitted after the proposal was made, so it is not in its electorate.
    error JoinedAfterProposal(uint256 proposalId, uint64 memberId);
    error AlreadyVoted(uint256 proposalId, uint64 memberId, VoteType support);
    error NotProposer(uint256 proposalId, address account);
    error GenesisSealedAlready();
    error NotBootstrapper(address account);
    error GenesisTooLarge(uint256 accounts, uint256 max);

    // ---------------------------------------------------------------- views

    /// @notice The access word `account` has in every governed module (0 unless its member is active).
    function accessOf(address account) external view returns (uint256);
}
