// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IConsortium} from "./IConsortium.sol";
import {IConsortiumDirectory} from "./IConsortiumDirectory.sol";
import {IConsortiumGoverned} from "./IConsortiumGoverned.sol";
import {Roles} from "./Roles.sol";

/// @title Consortium
/// @notice The single authority of a permissioned chain: member organisations and their
/// accounts, the roles those accounts hold, the consensus nodes they run, and the modules
/// (systems) that obey it. After genesis only executed proposals change members, roles,
/// nodes, modules or rules; a member's own admins manage which accounts belong to it.
/// @dev Governance is central but checks are local: every change of an account's access
/// word is pushed to each registered module (at most {MAX_MODULES}), so a module answers a
/// permission question with one SLOAD. Joint-committee, weighted and leading-member
/// governance are all {VotingRules} of this one contract.
contract Consortium is IConsortium {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @inheritdoc IConsortium
    uint256 public constant MAX_ACCOUNTS_PER_MEMBER = 32;
    /// @inheritdoc IConsortium
    uint256 public constant MAX_MODULES = 16;
    /// @inheritdoc IConsortium
    uint256 public constant MAX_NODES_PER_MEMBER = 4;
    /// @inheritdoc IConsortium
    uint256 public constant MAX_GENESIS_ACCOUNTS = 64;
    /// @inheritdoc IConsortium
    uint32 public constant MAX_WEIGHT = 1_000_000;
    uint16 private constant BPS = 10_000;
    uint32 private constant MAX_PERIOD = 365 days;
    uint256 private constant MAX_NAME_LENGTH = 64;

    VotingRules private _rules;
    uint64 private _totalActiveWeight;
    uint64 private _accountCount;

    Member[] private _members; // member id = index + 1
    mapping(uint64 memberId => EnumerableSet.AddressSet) private _accounts;
    /// @inheritdoc IConsortiumDirectory
    mapping(address account => uint64) public memberOf;
    /// @inheritdoc IConsortiumDirectory
    mapping(address account => bool) public isAdmin;
    mapping(address account => uint256) private _granted; // roles granted by proposals

    Node[] private _nodes; // node id = index + 1
    /// @inheritdoc IConsortium
    mapping(address signer => uint64) public nodeOfSigner;

    address[] private _modules;
    mapping(address module => bool) private _isModule;
    /// @dev A module once unregistered keeps its last mirror, which would be stale; it may not
    /// come back (deploy a fresh instance instead).
    mapping(address module => bool) private _isRetired;

    Proposal[] private _proposals; // proposal id = index + 1
    mapping(uint256 proposalId => mapping(uint64 memberId => Ballot)) private _ballots;

    /// @inheritdoc IConsortium
    address public bootstrapper;

    /// @param rules_ the voting rules at genesis
    /// @param members_ the founding members (each with at least one admin account)
    /// @param grants_ the roles held at genesis
    /// @param nodes_ the consensus nodes sealing at genesis
    constructor(
        VotingRules memory rules_,
        GenesisMember[] memory members_,
        GenesisGrant[] memory grants_,
        GenesisNode[] memory nodes_
    ) {
        bootstrapper = msg.sender;
        for (uint256 i = 0; i < members_.length; ++i) {
            GenesisMember memory gm = members_[i];
            if (gm.admins.length == 0) revert NotAnAccount(address(0));
            _checkNewMember(gm.name, gm.admins[0], gm.weight);
            uint64 id = _admitMember(gm.name, gm.admins[0], gm.weight);
            for (uint256 j = 1; j < gm.admins.length; ++j) {
                _checkNewAccount(id, gm.admins[j]);
                _addAccount(id, gm.admins[j], true, msg.sender);
            }
        }
        if (_accountCount > MAX_GENESIS_ACCOUNTS) revert GenesisTooLarge(_accountCount, MAX_GENESIS_ACCOUNTS);
        if (_totalActiveWeight == 0) revert WouldLeaveNoVoters();
        for (uint256 i = 0; i < grants_.length; ++i) {
            _checkGrant(grants_[i].account, grants_[i].role);
            _grant(grants_[i].account, grants_[i].role, 0);
        }
        for (uint256 i = 0; i < nodes_.length; ++i) {
            _checkAdmitNode(nodes_[i].memberId, nodes_[i].signer, nodes_[i].enode);
            _admitNode(nodes_[i].memberId, nodes_[i].signer, nodes_[i].enode);
        }
        _checkRules(rules_);
        _setRules(rules_);
    }

    // ================================================================ genesis

    /// @inheritdoc IConsortium
    function registerGenesisModule(address module) external {
        _checkBootstrapper();
        if (_accountCount > MAX_GENESIS_ACCOUNTS) revert GenesisTooLarge(_accountCount, MAX_GENESIS_ACCOUNTS);
        _checkRegisterModule(module);
        _registerModule(module);
        address[] memory all = new address[](_accountCount);
        uint256 k;
        for (uint256 m = 0; m < _members.length; ++m) {
            EnumerableSet.AddressSet storage set = _accounts[uint64(m + 1)];
            for (uint256 j = 0; j < set.length(); ++j) all[k++] = set.at(j);
        }
        _pushTo(module, all);
    }

    /// @inheritdoc IConsortium
    function sealGenesis() external {
        _checkBootstrapper();
        bootstrapper = address(0);
        emit GenesisSealed(msg.sender);
    }

    // ================================================================ accounts (member self-service)

    /// @inheritdoc IConsortium
    function addAccount(address account, bool admin) external {
        uint64 id = _requireMemberAdmin(msg.sender);
        _checkNewAccount(id, account);
        _addAccount(id, account, admin, msg.sender);
        _pushAccount(account);
    }

    /// @inheritdoc IConsortium
    function removeAccount(address account) external {
        uint64 id = _requireMemberAdmin(msg.sender);
        if (memberOf[account] != id) revert AccountNotInMember(account, id);
        if (_granted[account] != 0) revert AccountHoldsRoles(account, _granted[account]);
        if (isAdmin[account]) {
            if (_members[id - 1].adminCount == 1) revert LastAdmin(id, account);
            _members[id - 1].adminCount -= 1;
            isAdmin[account] = false;
        }
        _accounts[id].remove(account);
        delete memberOf[account];
        _accountCount -= 1;
        emit AccountRemoved(id, account, msg.sender);
        _pushAccount(account);
    }

    /// @inheritdoc IConsortium
    function setAccountAdmin(address account, bool admin) external {
        uint64 id = _requireMemberAdmin(msg.sender);
        if (memberOf[account] != id) revert AccountNotInMember(account, id);
        if (isAdmin[account] == admin) revert AdminUnchanged(account, admin);
        if (admin) {
            _members[id - 1].adminCount += 1;
        } else {
            if (_members[id - 1].adminCount == 1) revert LastAdmin(id, account);
            _members[id - 1].adminCount -= 1;
        }
        isAdmin[account] = admin;
        emit AccountAdminChanged(id, account, admin, msg.sender);
    }

    /// @inheritdoc IConsortium
    function syncAccess(address module, address[] calldata accounts) external {
        if (!_isModule[module]) revert ModuleNotRegistered(module);
        _pushTo(module, accounts);
    }

    // ================================================================ proposals

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
    function totalActiveWeight() external view returns (uint64) {
        return _totalActiveWeight;
    }

    /// @inheritdoc IConsortiumDirectory
    function memberCount() external view returns (uint256) {
        return _members.length;
    }

    /// @inheritdoc IConsortiumDirectory
    function isActiveMember(uint64 memberId) external view returns (bool) {
        return memberId != 0 && memberId <= _members.length && _members[memberId - 1].status == MemberStatus.Active;
    }

    /// @inheritdoc IConsortium
    function getMember(uint64 memberId) external view returns (Member memory) {
        _checkMemberExists(memberId);
        return _members[memberId - 1];
    }

    /// @inheritdoc IConsortium
    function accountCount(uint64 memberId) external view returns (uint256) {
        return _accounts[memberId].length();
    }

    /// @inheritdoc IConsortium
    function accountAt(uint64 memberId, uint256 index) external view returns (address) {
        return _accounts[memberId].at(index);
    }

    /// @inheritdoc IConsortiumDirectory
    function accountsOf(uint64 memberId) external view returns (address[] memory) {
        return _accounts[memberId].values();
    }

    /// @inheritdoc IConsortium
    function grantedRoles(address account) external view returns (uint256) {
        return _granted[account];
    }

    /// @inheritdoc IConsortium
    function accessOf(address account) public view returns (uint256) {
        uint64 id = memberOf[account];
        if (id == 0 || _members[id - 1].status != MemberStatus.Active) return 0;
        return _granted[account] | Roles.bit(Roles.MEMBER);
    }

    /// @inheritdoc IConsortium
    function hasRole(address account, uint8 role) external view returns (bool) {
        return accessOf(account) & Roles.bit(role) != 0;
    }

    /// @inheritdoc IConsortium
    function nodeCount() external view returns (uint256) {
        return _nodes.length;
    }

    /// @inheritdoc IConsortium
    function getNode(uint64 nodeId) external view returns (Node memory) {
        if (nodeId == 0 || nodeId > _nodes.length) revert UnknownNode(nodeId);
        return _nodes[nodeId - 1];
    }

    /// @inheritdoc IConsortium
    function modules() external view returns (address[] memory) {
        return _modules;
    }

    /// @inheritdoc IConsortium
    function isModule(address module) external view returns (bool) {
        return _isModule[module];
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
            _checkRole(role);
            if (_granted[account] & Roles.bit(role) == 0) revert RoleNotGranted(account, role);
            if (commit) {
                _granted[account] &= ~Roles.bit(role);
                emit RoleRevoked(account, role, proposalId);
                _pushAccount(account);
            }
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
            address module = abi.decode(payload, (address));
            if (!_isModule[module]) revert ModuleNotRegistered(module);
            if (commit) _unregisterModule(module);
        } else {
            (address module, bytes memory data) = abi.decode(payload, (address, bytes));
            if (!_isModule[module]) revert ModuleNotRegistered(module);
            // Access words reach modules only as copies of accessOf; a voted push would bypass
            // every GrantRole check and leave the module out of step with the consortium.
            bytes4 selector = bytes4(data);
            if (selector == IConsortiumGoverned.applyAccess.selector) revert ModuleCallForbidden(module, selector);
            if (commit) {
                (bool ok, bytes memory result) = module.call(data);
                if (!ok) revert ModuleCallFailed(module, result);
                emit ModuleCalled(module, data, result);
            }
        }
    }

    function _runMemberStatus(ProposalKind kind, uint64 id, bool commit) private {
        _checkMemberExists(id);
        Member storage m = _members[id - 1];
        MemberStatus from = m.status;
        MemberStatus to;
        if (kind == ProposalKind.ReinstateMember) {
            if (from != MemberStatus.Suspended) revert MemberNotSuspended(id, from);
            to = MemberStatus.Active;
        } else {
            if (kind == ProposalKind.SuspendMember) {
                if (from != MemberStatus.Active) revert MemberNotActive(id, from);
                to = MemberStatus.Suspended;
            } else {
                if (from == MemberStatus.Expelled) revert MemberAlreadyExpelled(id);
                if (m.nodeCount != 0) revert MemberOperatesNodes(id, m.nodeCount);
                to = MemberStatus.Expelled;
            }
            // The committee must still be able to decide after the change.
            if (id == _rules.leadingMember) revert LeadingMemberRequired(id);
            if (from == MemberStatus.Active && _totalActiveWeight - m.weight == 0) revert WouldLeaveNoVoters();
        }
        if (!commit) return;
        if (from == MemberStatus.Active) _totalActiveWeight -= m.weight;
        if (to == MemberStatus.Active) _totalActiveWeight += m.weight;
        m.status = to;
        emit MemberStatusChanged(id, from, to);
        _pushMember(id);
    }

    function _runRemoveNode(uint64 nodeId, bool commit) private {
        if (nodeId == 0 || nodeId > _nodes.length) revert UnknownNode(nodeId);
        Node storage n = _nodes[nodeId - 1];
        if (n.status != NodeStatus.Admitted) revert NodeNotAdmitted(nodeId);
        if (!commit) return;
        n.status = NodeStatus.Removed;
        n.removedAt = uint64(block.timestamp);
        _members[n.memberId - 1].nodeCount -= 1;
        delete nodeOfSigner[n.signer];
        emit NodeRemoved(nodeId, n.memberId, n.signer);
    }

    function _runSetWeight(uint64 id, uint32 weight, bool commit) private {
        _checkMemberExists(id);
        Member storage m = _members[id - 1];
        if (m.status == MemberStatus.Expelled) revert MemberAlreadyExpelled(id);
        if (weight > MAX_WEIGHT) revert InvalidWeight(weight);
        if (id == _rules.leadingMember && weight == 0) revert LeadingMemberRequired(id);
        bool active = m.status == MemberStatus.Active;
        if (active && _totalActiveWeight - m.weight + weight == 0) revert WouldLeaveNoVoters();
        if (!commit) return;
        if (active) _totalActiveWeight = _totalActiveWeight - m.weight + weight;
        m.weight = weight;
        emit MemberWeightChanged(id, weight);
    }

    // ================================================================ internals: members

    function _checkNewMember(string memory name, address admin, uint32 weight) private view {
        uint256 len = bytes(name).length;
        if (len == 0 || len > MAX_NAME_LENGTH) revert InvalidName();
        if (weight == 0 || weight > MAX_WEIGHT) revert InvalidWeight(weight);
        if (admin == address(0)) revert NotAnAccount(admin);
        if (memberOf[admin] != 0) revert AccountAlreadyMember(admin, memberOf[admin]);
    }

    function _admitMember(string memory name, address admin, uint32 weight) private returns (uint64 id) {
        _members.push(
            Member({
                name: name,
                status: MemberStatus.Active,
                weight: weight,
                joinedAt: uint64(block.timestamp),
                adminCount: 0,
                nodeCount: 0
            })
        );
        id = uint64(_members.length);
        _totalActiveWeight += weight;
        emit MemberAdmitted(id, name, admin, weight);
        _addAccount(id, admin, true, msg.sender);
    }

    function _checkNewAccount(uint64 id, address account) private view {
        if (account == address(0)) revert NotAnAccount(account);
        if (memberOf[account] != 0) revert AccountAlreadyMember(account, memberOf[account]);
        if (_accounts[id].length() >= MAX_ACCOUNTS_PER_MEMBER) revert TooManyAccounts(id, MAX_ACCOUNTS_PER_MEMBER);
    }

    function _addAccount(uint64 id, address account, bool admin, address by) private {
        _accounts[id].add(account);
        memberOf[account] = id;
        _accountCount += 1;
        if (admin) {
            isAdmin[account] = true;
            _members[id - 1].adminCount += 1;
        }
        emit AccountAdded(id, account, admin, by);
    }

    function _requireMemberAdmin(address account) private view returns (uint64 id) {
        id = memberOf[account];
        if (id == 0 || !isAdmin[account]) revert NotMemberAdmin(account, id);
        MemberStatus s = _members[id - 1].status;
        if (s != MemberStatus.Active) revert MemberNotActive(id, s);
    }

    function _checkMemberExists(uint64 id) private view {
        if (id == 0 || id > _members.length) revert UnknownMember(id);
    }

    // ================================================================ internals: roles

    function _checkRole(uint8 role) private pure {
        if (role == Roles.MEMBER || role > Roles.MAX_ROLE) revert InvalidRole(role);
    }

    function _checkGrant(address account, uint8 role) private view {
        _checkRole(role);
        uint64 id = memberOf[account];
        if (id == 0) revert NotAnAccount(account);
        MemberStatus s = _members[id - 1].status;
        if (s != MemberStatus.Active) revert MemberNotActive(id, s);
        if (_granted[account] & Roles.bit(role) != 0) revert RoleAlreadyGranted(account, role);
    }

    function _grant(address account, uint8 role, uint256 proposalId) private {
        _granted[account] |= Roles.bit(role);
        emit RoleGranted(account, role, proposalId);
    }

    // ================================================================ internals: nodes

    function _checkAdmitNode(uint64 memberId, address signer, string memory enode) private view {
        _checkMemberExists(memberId);
        Member storage m = _members[memberId - 1];
        if (m.status != MemberStatus.Active) revert MemberNotActive(memberId, m.status);
        if (m.nodeCount >= MAX_NODES_PER_MEMBER) revert TooManyNodes(memberId, MAX_NODES_PER_MEMBER);
        if (signer == address(0)) revert NotAnAccount(signer);
        if (nodeOfSigner[signer] != 0) revert SignerAlreadyAdmitted(signer, nodeOfSigner[signer]);
        // enode://<128 hex chars of the node's public key>@host:port
        bytes memory b = bytes(enode);
        if (b.length < 137 || b.length > 256 || keccak256(_slice(b, 8)) != keccak256("enode://") || b[136] != "@") {
            revert InvalidEnode();
        }
    }

    function _admitNode(uint64 memberId, address signer, string memory enode) private {
        _nodes.push(
            Node({
                memberId: memberId,
                signer: signer,
                status: NodeStatus.Admitted,
                admittedAt: uint64(block.timestamp),
                removedAt: 0,
                enode: enode
            })
        );
        uint64 nodeId = uint64(_nodes.length);
        nodeOfSigner[signer] = nodeId;
        _members[memberId - 1].nodeCount += 1;
        emit NodeAdmitted(nodeId, memberId, signer, enode);
    }

    function _slice(bytes memory b, uint256 len) private pure returns (bytes memory out) {
        out = new bytes(len);
        for (uint256 i = 0; i < len; ++i) out[i] = b[i];
    }

    // ================================================================ internals: modules

    function _checkRegisterModule(address module) private view {
        if (module.code.length == 0) revert NotAContract(module);
        if (_isModule[module]) revert ModuleAlreadyRegistered(module);
        if (_isRetired[module]) revert ModuleRetired(module);
        if (_modules.length >= MAX_MODULES) revert TooManyModules(MAX_MODULES);
        try IConsortiumGoverned(module).consortium() returns (address authority) {
            if (authority != address(this)) revert ModuleNotGoverned(module);
        } catch {
            revert ModuleNotGoverned(module);
        }
    }

    function _registerModule(address module) private {
        _modules.push(module);
        _isModule[module] = true;
        emit ModuleRegistered(module);
    }

    function _unregisterModule(address module) private {
        uint256 n = _modules.length;
        for (uint256 i = 0; i < n; ++i) {
            if (_modules[i] == module) {
                _modules[i] = _modules[n - 1];
                _modules.pop();
                break;
            }
        }
        _isModule[module] = false;
        _isRetired[module] = true;
        emit ModuleUnregistered(module);
    }

    function _pushAccount(address account) private {
        address[] memory one = new address[](1);
        one[0] = account;
        _pushAll(one);
    }

    function _pushMember(uint64 id) private {
        _pushAll(_accounts[id].values());
    }

    function _pushAll(address[] memory accounts) private {
        for (uint256 m = 0; m < _modules.length; ++m) _pushTo(_modules[m], accounts);
    }

    function _pushTo(address module, address[] memory accounts) private {
        uint256[] memory words = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) words[i] = accessOf(accounts[i]);
        IConsortiumGoverned(module).applyAccess(accounts, words);
    }

    // ================================================================ internals: voting

    function _checkRules(VotingRules memory r) private view {
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

    function _setRules(VotingRules memory r) private {
        _rules = r;
        emit VotingRulesChanged(r);
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

    function _checkBootstrapper() private view {
        if (bootstrapper == address(0)) revert GenesisSealedAlready();
        if (msg.sender != bootstrapper) revert NotBootstrapper(msg.sender);
    }
}
