// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortium} from "./IConsortium.sol";
import {ConsortiumModules} from "./ConsortiumModules.sol";

/// @title ConsortiumVoting
/// @notice Proposals and the rules they are decided by. A member's admin proposes; members vote
/// with their weight; a proposal that meets its quorum, approval and leading-member rules is
/// executed by anyone after its delay and within its window. Joint-committee, weighted and
/// leading-member governance are all {VotingRules} of this one mechanism.
/// @dev Fifth layer of {Consortium}: {_run} checks and applies every proposal kind through the
/// layers below.
abstract contract ConsortiumVoting is ConsortiumModules {
    uint16 private constant BPS = 10_000;
    uint32 private constant MAX_PERIOD = 365 days;

    VotingRules private _rules;
    Proposal[] private _proposals; // proposal id = index + 1
    mapping(uint256 proposalId => mapping(uint64 memberId => Ballot)) private _ballots;

    /// @inheritdoc IConsortium
    function propose(
        ProposalKind kind,
        bytes calldata payload,
        string calldata description
    ) external returns (uint256 proposalId) {
        uint64 member = _requireMemberAdmin(msg.sender);
        _run(kind, payload, 0, false);
        VotingRules memory rules_ = _rules;
        uint64 deadline = uint64(block.timestamp) + rules_.votingPeriod;
        Proposal storage p = _proposals.push();
        p.kind = kind;
        p.proposerMember = member;
        p.proposer = msg.sender;
        p.createdAt = uint64(block.timestamp);
        p.deadline = deadline;
        p.totalWeight = _totalActiveWeight;
        p.rules = rules_;
        p.payload = payload;
        proposalId = _proposals.length;
        emit ProposalCreated(proposalId, kind, member, msg.sender, deadline, payload, description);
    }

    /// @inheritdoc IConsortium
    function castVote(uint256 proposalId, VoteType support) external {
        uint64 member = _requireMemberAdmin(msg.sender);
        Proposal storage p = _proposal(proposalId);
        ProposalState s = _state(p);
        if (s != ProposalState.Active) revert ProposalNotActive(proposalId, s);
        // The quorum is measured against the weight active when the proposal was made; a member
        // admitted later is not part of that electorate.
        if (_members[member - 1].joinedAt > p.createdAt) revert JoinedAfterProposal(proposalId, member);
        Ballot storage b = _ballots[proposalId][member];
        if (b.support == support) revert AlreadyVoted(proposalId, member, support);
        _tally(p, b.support, b.weight, false);
        uint32 weight = support == VoteType.None ? 0 : _members[member - 1].weight;
        _tally(p, support, weight, true);
        b.support = support;
        b.weight = weight;
        if (member == p.rules.leadingMember) p.leaderApproved = support == VoteType.For;
        emit VoteCast(proposalId, member, msg.sender, support, weight);
    }

    /// @inheritdoc IConsortium
    function cancel(uint256 proposalId) external {
        uint64 member = _requireMemberAdmin(msg.sender);
        Proposal storage p = _proposal(proposalId);
        if (p.proposerMember != member) revert NotProposer(proposalId, msg.sender);
        ProposalState s = _state(p);
        if (s != ProposalState.Active) revert ProposalNotActive(proposalId, s);
        p.canceled = true;
        emit ProposalCanceled(proposalId, msg.sender);
    }

    /// @inheritdoc IConsortium
    function execute(uint256 proposalId) external {
        Proposal storage p = _proposal(proposalId);
        ProposalState s = _state(p);
        if (s != ProposalState.Ready) revert ProposalNotReady(proposalId, s);
        p.executed = true;
        _run(p.kind, p.payload, proposalId, true);
        emit ProposalExecuted(proposalId, msg.sender);
    }

    // ================================================================ views

    /// @inheritdoc IConsortium
    function rules() external view returns (VotingRules memory) {
        return _rules;
    }

    /// @inheritdoc IConsortium
    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    /// @inheritdoc IConsortium
    function getProposal(uint256 proposalId) external view returns (Proposal memory) {
        return _proposal(proposalId);
    }

    /// @inheritdoc IConsortium
    function state(uint256 proposalId) external view returns (ProposalState) {
        return _state(_proposal(proposalId));
    }

    /// @inheritdoc IConsortium
    function ballotOf(uint256 proposalId, uint64 memberId) external view returns (Ballot memory) {
        return _ballots[proposalId][memberId];
    }

    /// @inheritdoc IConsortium
    function hasPassed(uint256 proposalId) external view returns (bool) {
        return _passed(_proposal(proposalId));
    }

    // ================================================================ proposal effects

    /// @dev Checks a proposal's payload against the current state and, with `commit`, applies
    /// it. One function per kind keeps the check at proposal and at execution identical.
    function _run(ProposalKind kind, bytes memory payload, uint256 proposalId, bool commit) private {
        if (kind == ProposalKind.AdmitMember) {
            (string memory name, address admin, uint32 weight) = abi.decode(payload, (string, address, uint32));
            _checkNewMember(name, admin, weight);
            if (commit) {
                _admitMember(name, admin, weight);
                _pushAccount(admin);
            }
        } else if (kind <= ProposalKind.ExpelMember) {
            _runMemberStatus(kind, abi.decode(payload, (uint64)), commit);
        } else if (kind == ProposalKind.GrantRole) {
            (address account, uint8 role) = abi.decode(payload, (address, uint8));
            _checkGrant(account, role);
            if (commit) {
                _grant(account, role, proposalId);
                _pushAccount(account);
            }
        } else if (kind == ProposalKind.RevokeRole) {
            (address account, uint8 role) = abi.decode(payload, (address, uint8));
            _runRevokeRole(account, role, proposalId, commit);
        } else if (kind == ProposalKind.AdmitNode) {
            (uint64 memberId, address signer, string memory enode) = abi.decode(payload, (uint64, address, string));
            _checkAdmitNode(memberId, signer, enode);
            if (commit) _admitNode(memberId, signer, enode);
        } else if (kind == ProposalKind.RemoveNode) {
            _runRemoveNode(abi.decode(payload, (uint64)), commit);
        } else if (kind == ProposalKind.SetVotingRules) {
            VotingRules memory r = abi.decode(payload, (VotingRules));
            _checkRules(r);
            if (commit) _setRules(r);
        } else if (kind == ProposalKind.SetMemberWeight) {
            (uint64 memberId, uint32 weight) = abi.decode(payload, (uint64, uint32));
            _runSetWeight(memberId, weight, commit);
        } else if (kind == ProposalKind.RegisterModule) {
            address module = abi.decode(payload, (address));
            _checkRegisterModule(module);
            if (commit) _registerModule(module);
        } else if (kind == ProposalKind.UnregisterModule) {
            _runUnregisterModule(abi.decode(payload, (address)), commit);
        } else {
            (address module, bytes memory data) = abi.decode(payload, (address, bytes));
            _runCallModule(module, data, commit);
        }
    }

    // ================================================================ internals

    function _checkRules(VotingRules memory r) internal view {
        if (r.quorumBps == 0 || r.quorumBps > BPS) revert InvalidVotingRules("quorumBps must be 1..10000");
        if (r.approvalBps <= BPS / 2 || r.approvalBps > BPS)
            revert InvalidVotingRules("approvalBps must be 5001..10000");
        if (r.votingPeriod == 0 || r.votingPeriod > MAX_PERIOD)
            revert InvalidVotingRules("votingPeriod must be 1s..365d");
        if (r.executionDelay > MAX_PERIOD) revert InvalidVotingRules("executionDelay must be at most 365d");
        if (r.executionWindow == 0 || r.executionWindow > MAX_PERIOD) {
            revert InvalidVotingRules("executionWindow must be 1s..365d");
        }
        if (r.leadingMember != 0) {
            _checkMemberExists(r.leadingMember);
            Member storage m = _members[r.leadingMember - 1];
            if (m.status != MemberStatus.Active || m.weight == 0) revert LeadingMemberRequired(r.leadingMember);
        }
    }

    function _setRules(VotingRules memory r) internal {
        _rules = r;
        emit VotingRulesChanged(r);
    }

    function _leadingMember() internal view override returns (uint64) {
        return _rules.leadingMember;
    }

    function _tally(Proposal storage p, VoteType support, uint32 weight, bool add) private {
        if (support == VoteType.None) return;
        if (support == VoteType.For) {
            p.forWeight = add ? p.forWeight + weight : p.forWeight - weight;
        } else if (support == VoteType.Against) {
            p.againstWeight = add ? p.againstWeight + weight : p.againstWeight - weight;
        } else {
            p.abstainWeight = add ? p.abstainWeight + weight : p.abstainWeight - weight;
        }
    }

    function _passed(Proposal storage p) private view returns (bool) {
        uint256 forW = p.forWeight;
        uint256 decided = forW + p.againstWeight;
        uint256 participation = decided + p.abstainWeight;
        if (participation * BPS < uint256(p.rules.quorumBps) * p.totalWeight) return false;
        if (forW == 0 || forW * BPS < uint256(p.rules.approvalBps) * decided) return false;
        return p.rules.leadingMember == 0 || p.leaderApproved;
    }

    function _state(Proposal storage p) private view returns (ProposalState) {
        if (p.canceled) return ProposalState.Canceled;
        if (p.executed) return ProposalState.Executed;
        if (block.timestamp <= p.deadline) return ProposalState.Active;
        if (!_passed(p)) return ProposalState.Defeated;
        uint256 readyAt = uint256(p.deadline) + p.rules.executionDelay;
        if (block.timestamp < readyAt) return ProposalState.Queued;
        if (block.timestamp <= readyAt + p.rules.executionWindow) return ProposalState.Ready;
        return ProposalState.Expired;
    }

    function _proposal(uint256 proposalId) private view returns (Proposal storage) {
        if (proposalId == 0 || proposalId > _proposals.length) revert UnknownProposal(proposalId);
        return _proposals[proposalId - 1];
    }
}
