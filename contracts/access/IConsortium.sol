// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumDirectory} from "./IConsortiumDirectory.sol";
import {IConsortiumErrors} from "./IConsortiumErrors.sol";

/// @title IConsortium
/// @notice The single authority of a permissioned chain: member organisations and their
/// accounts, the roles those accounts hold, the consensus nodes they run, the modules (systems)
/// that obey it, and the proposals that change any of these. Everything `Consortium` offers is
/// declared and documented here; the contract inherits it, so the compiler holds the two equal.
/// @dev Ids (member, node, proposal) start at 1; 0 means none. The directory part modules read
/// is {IConsortiumDirectory}; the refusals shared with modules are {IConsortiumErrors}.
interface IConsortium is IConsortiumDirectory, IConsortiumErrors {
    /// @notice Where a member stands. Only an Active member's accounts hold roles, vote or act.
    enum MemberStatus {
        None,
        Active,
        Suspended,
        Expelled
    }

    /// @notice Where a consensus node stands; a removed node never comes back (admit a new one).
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

    /// @notice Where a proposal stands now (see {state}).
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

    /// @notice A member's ballot on a proposal.
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

    /// @notice A member organisation.
    /// @param name its display name (1..64 bytes)
    /// @param status Active, Suspended or Expelled
    /// @param weight its voting weight (0..MAX_WEIGHT; 0 votes without weight)
    /// @param joinedAt when it was admitted; it votes only on proposals made after
    /// @param adminCount how many of its accounts are admins (never 0)
    /// @param nodeCount how many admitted consensus nodes it runs
    struct Member {
        string name;
        MemberStatus status;
        uint32 weight;
        uint64 joinedAt;
        uint16 adminCount;
        uint16 nodeCount;
    }

    /// @notice A consensus node (a Clique signer) run by a member.
    /// @param memberId the member that runs it
    /// @param signer the Clique signer address of the node
    /// @param status Admitted or Removed
    /// @param admittedAt when it was admitted
    /// @param removedAt when it was removed (0 while admitted)
    /// @param enode the node's enode URL (enode://<128 hex>@host:port)
    struct Node {
        uint64 memberId;
        address signer;
        NodeStatus status;
        uint64 admittedAt;
        uint64 removedAt;
        string enode;
    }

    /// @notice A proposal and its tallies; it keeps the rules and electorate weight of the
    /// moment it was made.
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

    /// @notice How a member voted and with which weight (its weight when it voted).
    struct Ballot {
        VoteType support;
        uint32 weight;
    }

    /// @notice A founding member passed to the constructor.
    /// @param name its display name
    /// @param admins its admin accounts (at least one)
    /// @param weight its voting weight
    struct GenesisMember {
        string name;
        address[] admins;
        uint32 weight;
    }

    /// @notice A role held at genesis.
    struct GenesisGrant {
        address account;
        uint8 role;
    }

    /// @notice A consensus node sealing at genesis.
    struct GenesisNode {
        uint64 memberId;
        address signer;
        string enode;
    }

    // ---------------------------------------------------------------- events

    /// @notice A member was admitted (at genesis or by an AdmitMember proposal) with its first admin.
    event MemberAdmitted(uint64 indexed memberId, string name, address admin, uint32 weight);
    /// @notice A member was suspended, reinstated or expelled by an executed proposal.
    event MemberStatusChanged(uint64 indexed memberId, MemberStatus from, MemberStatus to);
    /// @notice A member's voting weight was changed by an executed proposal.
    event MemberWeightChanged(uint64 indexed memberId, uint32 weight);
    /// @notice Admin `by` of member `memberId` offered `account` a place (`admin`: to act for the
    /// member); the account joins only when it accepts ({acceptAccount}).
    event AccountOffered(uint64 indexed memberId, address indexed account, bool admin, address indexed by);
    /// @notice Admin `by` withdrew member `memberId`'s offer to `account`.
    event AccountOfferWithdrawn(uint64 indexed memberId, address indexed account, address indexed by);
    /// @notice `account` joined member `memberId` (`admin`: it may act for the member): it
    /// accepted the offer of admin `by` (genesis and admission: `by` sent that transaction).
    event AccountAdded(uint64 indexed memberId, address indexed account, bool admin, address indexed by);
    /// @notice `account` left member `memberId`, removed by the member's admin `by`.
    event AccountRemoved(uint64 indexed memberId, address indexed account, address indexed by);
    /// @notice `account` became an admin of its member, or stopped being one, by `by`.
    event AccountAdminChanged(uint64 indexed memberId, address indexed account, bool admin, address indexed by);
    /// @notice `role` was granted to `account` by proposal `proposalId` (0: at genesis).
    event RoleGranted(address indexed account, uint8 indexed role, uint256 indexed proposalId);
    /// @notice `role` was revoked from `account` by proposal `proposalId`.
    event RoleRevoked(address indexed account, uint8 indexed role, uint256 indexed proposalId);
    /// @notice A consensus node was admitted for `memberId`; its operators add `signer` to Clique.
    event NodeAdmitted(uint64 indexed nodeId, uint64 indexed memberId, address indexed signer, string enode);
    /// @notice A consensus node was removed; its operators drop `signer` from Clique.
    event NodeRemoved(uint64 indexed nodeId, uint64 indexed memberId, address indexed signer);
    /// @notice `module` now obeys the consortium and receives every access word change.
    event ModuleRegistered(address indexed module);
    /// @notice `module` no longer receives access words; it was retired (paused for good) and may
    /// never be registered again.
    event ModuleUnregistered(address indexed module);
    /// @notice An executed CallModule proposal called `module` with `data`; it returned `result`.
    event ModuleCalled(address indexed module, bytes data, bytes result);
    /// @notice New proposals are decided by `rules` from now on.
    event VotingRulesChanged(VotingRules rules);
    /// @notice A member's admin proposed a change; voting is open until `deadline`.
    /// @param proposalId the new proposal's id
    /// @param kind what it does
    /// @param proposerMember the member it was made for
    /// @param proposer the admin account that made it
    /// @param deadline last second of voting
    /// @param payload `abi.encode` of the kind's arguments
    /// @param description the human-readable reason
    event ProposalCreated(
        uint256 indexed proposalId,
        ProposalKind kind,
        uint64 indexed proposerMember,
        address proposer,
        uint64 deadline,
        bytes payload,
        string description
    );
    /// @notice Member `memberId`, through its admin `account`, cast, changed or withdrew (None,
    /// weight 0) its vote.
    event VoteCast(
        uint256 indexed proposalId,
        uint64 indexed memberId,
        address indexed account,
        VoteType support,
        uint32 weight
    );
    /// @notice A passed proposal was carried out; `by` sent the transaction (anyone may).
    event ProposalExecuted(uint256 indexed proposalId, address indexed by);
    /// @notice The proposing member withdrew its proposal while voting was open.
    event ProposalCanceled(uint256 indexed proposalId, address indexed by);
    /// @notice Genesis ended: from now on only executed proposals change the consortium.
    event GenesisSealed(address indexed by);

    // ---------------------------------------------------------------- errors

    /// @notice The member is not Active (suspending, granting, voting, admitting a node need it).
    error MemberNotActive(uint64 memberId, MemberStatus status);
    /// @notice Only a Suspended member can be reinstated.
    error MemberNotSuspended(uint64 memberId, MemberStatus status);
    /// @notice The member is expelled already; expulsion is final.
    error MemberAlreadyExpelled(uint64 memberId);
    /// @notice setAccountAdmin asked for the admin flag the account already has.
    error AdminUnchanged(address account, bool admin);
    /// @notice The contract does not name this consortium as its authority (consortium()).
    error ModuleNotGoverned(address module);
    /// @notice The account belongs to a member already (an account belongs to one member only).
    error AccountAlreadyMember(address account, uint64 memberId);
    /// @notice Member `memberId` has no open offer to `account`.
    error NoAccountOffer(address account, uint64 memberId);
    /// @notice The account is not one of the caller's member's accounts.
    error AccountNotInMember(address account, uint64 memberId);
    /// @notice The member's last admin cannot be removed or demoted.
    error LastAdmin(uint64 memberId, address account);
    /// @notice The account still holds `roles`; revoke them by proposal before removing it.
    error AccountHoldsRoles(address account, uint256 roles);
    /// @notice The member has `max` accounts already.
    error TooManyAccounts(uint64 memberId, uint256 max);
    /// @notice `max` modules are registered already.
    error TooManyModules(uint256 max);
    /// @notice The member runs `max` nodes already.
    error TooManyNodes(uint64 memberId, uint256 max);
    /// @notice Role 0 (membership) is implicit and ids above 127 belong to modules: neither is granted.
    error InvalidRole(uint8 role);
    /// @notice The account holds the role already.
    error RoleAlreadyGranted(address account, uint8 role);
    /// @notice The account does not hold the role.
    error RoleNotGranted(address account, uint8 role);
    /// @notice The zero address, or an address of no member where a member's account is needed.
    error NotAnAccount(address account);
    /// @notice A member's name must be 1..64 bytes.
    error InvalidName();
    /// @notice A weight must be at most MAX_WEIGHT (and not 0 for a new member).
    error InvalidWeight(uint32 weight);
    /// @notice The voting rules are out of range; `reason` says which field and its range.
    error InvalidVotingRules(string reason);
    /// @notice The change would leave no active voting weight, so nothing could ever be decided.
    error WouldLeaveNoVoters();
    /// @notice The leading member must stay Active with weight (or be set to an active member
    /// with weight); change the rules first.
    error LeadingMemberRequired(uint64 memberId);
    /// @notice A member that runs nodes cannot be expelled; remove its nodes first.
    error MemberOperatesNodes(uint64 memberId, uint256 nodes);
    /// @notice The enode URL is not enode://<128 hex chars>@host:port (at most 256 bytes).
    error InvalidEnode();
    /// @notice The signer runs admitted node `nodeId` already.
    error SignerAlreadyAdmitted(address signer, uint64 nodeId);
    /// @notice No node has this id.
    error UnknownNode(uint64 nodeId);
    /// @notice The node was removed already.
    error NodeNotAdmitted(uint64 nodeId);
    /// @notice The module is registered already.
    error ModuleAlreadyRegistered(address module);
    /// @notice The module was unregistered before; its mirror may be stale, so it cannot return.
    error ModuleRetired(address module);
    /// @notice The address is not a registered module.
    error ModuleNotRegistered(address module);
    /// @notice A module must be a contract (code at the address).
    error NotAContract(address module);
    /// @notice The module call of an executed CallModule proposal reverted with `reason`.
    error ModuleCallFailed(address module, bytes reason);
    /// @notice A CallModule proposal may not call `selector` of a module (applyAccess: access words
    /// reach modules only as copies of {accessOf}).
    error ModuleCallForbidden(address module, bytes4 selector);
    /// @notice No proposal has this id.
    error UnknownProposal(uint256 proposalId);
    /// @notice Voting on the proposal is closed (or it was canceled or executed).
    error ProposalNotActive(uint256 proposalId, ProposalState state);
    /// @notice The proposal cannot be executed now (still voting, defeated, queued, expired, done).
    error ProposalNotReady(uint256 proposalId, ProposalState state);
    /// @notice The member was admitted after the proposal was made, so it is not in its electorate.
    error JoinedAfterProposal(uint256 proposalId, uint64 memberId);
    /// @notice The member's ballot is `support` already.
    error AlreadyVoted(uint256 proposalId, uint64 memberId, VoteType support);
    /// @notice Only the proposing member may cancel its proposal.
    error NotProposer(uint256 proposalId, address account);
    /// @notice Genesis is sealed: the bootstrapper can no longer register modules.
    error GenesisSealedAlready();
    /// @notice Only the bootstrapper (the deployer) may do this during genesis.
    error NotBootstrapper(address account);
    /// @notice Genesis registration pushes every account in one transaction, so at most `max`.
    error GenesisTooLarge(uint256 accounts, uint256 max);

    // ---------------------------------------------------------------- limits

    /// @notice Most accounts a member may have.
    function MAX_ACCOUNTS_PER_MEMBER() external view returns (uint256);

    /// @notice Most modules registered at once (each access change is pushed to every one).
    function MAX_MODULES() external view returns (uint256);

    /// @notice Most consensus nodes a member may run.
    function MAX_NODES_PER_MEMBER() external view returns (uint256);

    /// @notice Accounts a genesis module registration pushes in one transaction.
    function MAX_GENESIS_ACCOUNTS() external view returns (uint256);

    /// @notice Highest voting weight of a member.
    function MAX_WEIGHT() external view returns (uint32);

    // ---------------------------------------------------------------- genesis

    /// @notice Register a module during genesis and push every account's access word to it.
    /// Bootstrapper only, before {sealGenesis}.
    /// @param module a contract deployed with this consortium as its authority
    function registerGenesisModule(address module) external;

    /// @notice End genesis: from now on only executed proposals change the consortium.
    /// Bootstrapper only.
    function sealGenesis() external;

    /// @notice The deployer, who may register modules until {sealGenesis}; zero afterwards.
    function bootstrapper() external view returns (address);

    // ---------------------------------------------------------------- accounts (member self-service)

    /// @notice Offer an account a place in the caller's member; it joins only when it accepts
    /// ({acceptAccount}), so no admin can take an address that has not agreed (e.g. the admin
    /// named in a pending AdmitMember). A new offer to the same account replaces the old one.
    /// The caller is an admin of an active member.
    /// @param account the account offered a place (belonging to no member)
    /// @param admin whether it will act for the member
    function addAccount(address account, bool admin) external;

    /// @notice Accept member `memberId`'s offer: the caller joins it (holding no role until one
    /// is granted), as an admin if the offer said so. The member must still be active and the
    /// caller belong to no member.
    /// @param memberId the member whose offer the caller accepts
    function acceptAccount(uint64 memberId) external;

    /// @notice Withdraw the caller's member's offer to `account`. An admin of an active member.
    /// @param account the account offered a place
    function withdrawAccountOffer(address account) external;

    /// @notice Whether member `memberId` has offered `account` a place, and as an admin.
    /// @param account the account
    /// @param memberId the member
    /// @return offered whether an offer is open
    /// @return admin whether the account would be an admin
    function accountOffer(address account, uint64 memberId) external view returns (bool offered, bool admin);

    /// @notice Remove an account from the caller's member. Its roles must be revoked first,
    /// so that roles only ever change through proposals; the last admin cannot be removed.
    /// @param account an account of the caller's member
    function removeAccount(address account) external;

    /// @notice Make an account of the caller's member an admin, or no longer one (the last
    /// admin stays).
    /// @param account an account of the caller's member
    /// @param admin the new admin flag
    function setAccountAdmin(address account, bool admin) external;

    /// @notice Push the current access words of `accounts` to `module` again. Anyone may call
    /// it: it only copies the consortium's truth (used after registering a module by vote).
    /// @param module a registered module
    /// @param accounts the accounts to push (page them; the caller pays)
    function syncAccess(address module, address[] calldata accounts) external;

    // ---------------------------------------------------------------- proposals

    /// @notice Propose a change; the payload is checked now and again at execution. The caller
    /// is an admin of an active member.
    /// @param kind what the proposal does
    /// @param payload `abi.encode` of the kind's arguments (see {ProposalKind})
    /// @param description human-readable reason, kept in the event
    /// @return proposalId the new proposal's id
    function propose(
        ProposalKind kind,
        bytes calldata payload,
        string calldata description
    ) external returns (uint256 proposalId);

    /// @notice Cast, change or withdraw (`VoteType.None`) the caller's member's vote while
    /// voting is open. A member admitted after the proposal was made does not vote on it.
    /// @param proposalId the proposal
    /// @param support For, Against, Abstain, or None to withdraw
    function castVote(uint256 proposalId, VoteType support) external;

    /// @notice Withdraw a proposal while voting is still open. Only its proposing member.
    /// @param proposalId the proposal
    function cancel(uint256 proposalId) external;

    /// @notice Carry out a passed proposal once its delay has elapsed. Anyone may call it;
    /// it runs exactly once, and a failing effect reverts so it can be retried in the window.
    /// @param proposalId the proposal
    function execute(uint256 proposalId) external;

    // ---------------------------------------------------------------- views: rules and members

    /// @notice The voting rules new proposals are made under.
    function rules() external view returns (VotingRules memory);

    /// @notice Sum of the weights of all active members.
    function totalActiveWeight() external view returns (uint64);

    /// @notice A member by id; reverts UnknownMember for an id never admitted.
    function getMember(uint64 memberId) external view returns (Member memory);

    /// @notice Number of accounts of a member.
    function accountCount(uint64 memberId) external view returns (uint256);

    /// @notice Account `index` (0-based, below {accountCount}) of a member.
    function accountAt(uint64 memberId, uint256 index) external view returns (address);

    // ---------------------------------------------------------------- views: roles

    /// @notice Roles granted to `account` by proposals, whether or not its member is active.
    function grantedRoles(address account) external view returns (uint256);

    /// @notice The access word `account` has in every governed module (0 unless its member is active).
    function accessOf(address account) external view returns (uint256);

    /// @notice Whether `account` currently holds `role` (its member must be active).
    function hasRole(address account, uint8 role) external view returns (bool);

    // ---------------------------------------------------------------- views: nodes

    /// @notice Number of nodes ever admitted (ids run from 1 to this).
    function nodeCount() external view returns (uint256);

    /// @notice A consensus node by id; reverts UnknownNode for an id never admitted.
    function getNode(uint64 nodeId) external view returns (Node memory);

    /// @notice The admitted node whose Clique signer is `signer` (0: none).
    function nodeOfSigner(address signer) external view returns (uint64);

    // ---------------------------------------------------------------- views: modules

    /// @notice The registered modules (at most {MAX_MODULES}), in no particular order.
    function modules() external view returns (address[] memory);

    /// @notice Whether `module` is registered.
    function isModule(address module) external view returns (bool);

    // ---------------------------------------------------------------- views: proposals

    /// @notice Number of proposals ever made (ids run from 1 to this).
    function proposalCount() external view returns (uint256);

    /// @notice A proposal by id; reverts UnknownProposal for an id never made.
    function getProposal(uint256 proposalId) external view returns (Proposal memory);

    /// @notice The state of a proposal now.
    function state(uint256 proposalId) external view returns (ProposalState);

    /// @notice How a member voted on a proposal (None with weight 0 if it did not).
    function ballotOf(uint256 proposalId, uint64 memberId) external view returns (Ballot memory);

    /// @notice Whether a proposal's tallies meet its quorum, approval and leading-member rules.
    function hasPassed(uint256 proposalId) external view returns (bool);
}
