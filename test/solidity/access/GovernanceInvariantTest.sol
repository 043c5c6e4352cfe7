// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {IConsortiumGoverned} from "../../../contracts/access/IConsortiumGoverned.sol";
import {Roles} from "../../../contracts/access/Roles.sol";
import {SettlementToken} from "../../../contracts/token/SettlementToken.sol";
import {GuardedCounter} from "../../../contracts/bench/GuardedCounter.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";
import {WithVm} from "../utils/Vm.sol";

/// @notice The consortium's state when the handler takes over, as set up by the test (the
/// ghost model starts from this description, not from reading the contract).
struct StartState {
    uint32[] weights; // member id i + 1
    IConsortium.MemberStatus[] statuses; // member id i + 1
    address[] accounts; // every account of a member
    uint64[] accountMember;
    bool[] accountAdmin;
    IConsortium.GenesisGrant[] roles; // every (account, role) held
}

/// @title GovernanceHandler
/// @notice The only fuzz target of {GovernanceInvariantTest}. It acts as the admins (and other
/// accounts) of the consortium through vm.prank and keeps a ghost model of roles, members and
/// accounts that it updates ONLY when an execute() succeeds (decoding the kind and payload it
/// proposed) or when member self-service (add/remove account, admin flag) succeeds.
// solhint-disable-next-line max-states-count
contract GovernanceHandler is WithVm {
    uint32 internal constant MAX_WEIGHT = 1_000_000;

    Consortium public immutable consortium;
    IConsortiumGoverned[] internal _modules;
    address public immutable spareModule; // deployed for this consortium but never registered
    address public immutable formerBootstrapper;
    address public immutable regulator;

    /// @dev Every account the handler ever uses (members' accounts and outsiders).
    address[] internal _accounts;
    uint256 public currentTime;

    // ---------------------------------------------------------------- ghost model
    mapping(address => uint256) public ghostRoles;
    mapping(address => uint64) public ghostMemberOf;
    mapping(address => bool) public ghostAdmin;
    uint64 public ghostMemberCount;
    mapping(uint64 => IConsortium.MemberStatus) public ghostStatus;
    mapping(uint64 => uint32) public ghostWeight;

    struct Proposed {
        IConsortium.ProposalKind kind;
        bytes payload;
    }
    /// @dev What the handler itself proposed, by proposal id (decoded when executed).
    mapping(uint256 => Proposed) internal _proposed;
    uint256[] internal _proposalIds;

    // ---------------------------------------------------------------- violations and coverage
    /// @notice Successful calls through routes that must never succeed.
    uint256 public forbiddenSuccesses;
    /// @notice Executions or self-service calls that succeeded although the model forbids them.
    uint256 public illegalTransitions;
    string public lastViolation;
    uint256 public executions;
    mapping(IConsortium.ProposalKind => uint256) public executedByKind;
    uint256 public selfServiceSuccesses;

    constructor(
        Consortium consortium_,
        IConsortiumGoverned[] memory modules_,
        address spareModule_,
        address formerBootstrapper_,
        address regulator_,
        address[] memory universe,
        StartState memory start
    ) {
        consortium = consortium_;
        for (uint256 i = 0; i < modules_.length; ++i) _modules.push(modules_[i]);
        spareModule = spareModule_;
        formerBootstrapper = formerBootstrapper_;
        regulator = regulator_;
        currentTime = block.timestamp;
        _accounts = universe;
        ghostMemberCount = uint64(start.weights.length);
        for (uint256 i = 0; i < start.weights.length; ++i) {
            ghostStatus[uint64(i + 1)] = start.statuses[i];
            ghostWeight[uint64(i + 1)] = start.weights[i];
        }
        for (uint256 i = 0; i < start.accounts.length; ++i) {
            ghostMemberOf[start.accounts[i]] = start.accountMember[i];
            ghostAdmin[start.accounts[i]] = start.accountAdmin[i];
        }
        for (uint256 i = 0; i < start.roles.length; ++i) {
            ghostRoles[start.roles[i].account] |= Roles.bit(start.roles[i].role);
        }
    }

    modifier timed() {
        vm.warp(currentTime);
        _;
    }

    // ================================================================ views for the invariants

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    function proposalCount() external view returns (uint256) {
        return _proposalIds.length;
    }

    /// @notice The access word the model predicts for `account` in every module.
    function ghostAccess(address account) public view returns (uint256) {
        uint64 id = ghostMemberOf[account];
        if (id == 0 || ghostStatus[id] != IConsortium.MemberStatus.Active) return 0;
        return ghostRoles[account] | Roles.bit(Roles.MEMBER);
    }

    function ghostTotalActiveWeight() public view returns (uint256 total) {
        for (uint64 id = 1; id <= ghostMemberCount; ++id) {
            if (ghostStatus[id] == IConsortium.MemberStatus.Active) total += ghostWeight[id];
        }
    }

    // ================================================================ governance actions

    /// @notice Propose one of the member/role kinds with a random (sometimes invalid) payload;
    /// usually every account then tries to vote For it (one ballot per active member counts).
    function propose(uint8 kindSeed, uint256 actorSeed, uint256 targetSeed, uint256 valueSeed) external timed {
        uint256 id = _propose(kindSeed, actorSeed, targetSeed, valueSeed);
        if (id != 0 && (valueSeed >> 128) % 4 != 3) _rally(id);
    }

    /// @notice Cast, change or withdraw a vote (supportSeed % 5 < 4), or cancel (== 4).
    function castVote(uint256 proposalSeed, uint256 actorSeed, uint8 supportSeed) external timed {
        if (_proposalIds.length == 0) return;
        uint256 id = _pickProposal(proposalSeed, IConsortium.ProposalState.Active);
        address actor = _actor(actorSeed);
        uint8 s = supportSeed % 5;
        vm.prank(actor);
        if (s == 4) {
            try consortium.cancel(id) {} catch {}
        } else {
            try consortium.castVote(id, IConsortium.VoteType(s)) {} catch {}
        }
    }

    /// @notice Every account tries to vote For on a (mostly still open) proposal.
    function rally(uint256 proposalSeed) external timed {
        if (_proposalIds.length == 0) return;
        _rally(_pickProposal(proposalSeed, IConsortium.ProposalState.Active));
    }

    /// @notice Anyone may execute; the ghost changes only when an execute succeeds. Mostly
    /// tries every proposal (oldest first), otherwise one random proposal.
    function execute(uint256 proposalSeed, uint256 actorSeed) external timed {
        uint256 n = _proposalIds.length;
        if (n == 0) return;
        if (proposalSeed % 4 == 0) {
            _tryExecute(_proposalIds[(proposalSeed >> 2) % n], _anyCaller(actorSeed));
        } else {
            for (uint256 i = 0; i < n; ++i) _tryExecute(_proposalIds[i], _anyCaller(actorSeed + i));
        }
    }

    /// @notice Let time pass: mostly exactly past a fresh proposal's readiness, sometimes a
    /// random amount, rarely beyond an execution window.
    function warp(uint256 secondsSeed) external {
        uint256 mode = secondsSeed % 8;
        if (mode < 4)
            currentTime += 1 hours + 10 minutes + 1; // votingPeriod + executionDelay + 1
        else if (mode < 7) currentTime += _bound(secondsSeed >> 3, 1, 2 hours);
        else currentTime += 1 days + _bound(secondsSeed >> 3, 1, 1 hours); // beyond an execution window
        vm.warp(currentTime);
    }

    // ================================================================ member self-service

    /// @notice A member admin adds an account (0), removes one (1) or changes an admin flag (2).
    /// Accounts may change this way; roles and member status must not.
    function selfService(uint8 which, uint256 actorSeed, uint256 accountSeed, bool admin) external timed {
        uint256 w = which % 3;
        if (w == 0) _addAccount(actorSeed, accountSeed, admin);
        else if (w == 1) _removeAccount(actorSeed, accountSeed);
        else _setAccountAdmin(actorSeed, accountSeed, admin);
    }

    function _addAccount(uint256 actorSeed, uint256 accountSeed, bool admin) internal {
        address actor = _actor(actorSeed);
        address account = _account(accountSeed);
        uint64 id = ghostMemberOf[actor];
        bool allowed = _isActiveAdmin(actor) && ghostMemberOf[account] == 0;
        vm.prank(actor);
        try consortium.addAccount(account, admin) {
            if (!allowed) _violation("addAccount succeeded although the model refuses it");
            // The offer alone changes no membership (ACC-53); the account's acceptance does.
            if (consortium.memberOf(account) != 0 && ghostMemberOf[account] == 0) {
                _violation("an offer made the account a member");
            }
            vm.prank(account);
            consortium.acceptAccount(id);
            ghostMemberOf[account] = id;
            ghostAdmin[account] = admin;
            ++selfServiceSuccesses;
        } catch {}
    }

    function _removeAccount(uint256 actorSeed, uint256 accountSeed) internal {
        address actor = _actor(actorSeed);
        address account = _account(accountSeed);
        bool allowed =
            _isActiveAdmin(actor) && ghostMemberOf[account] == ghostMemberOf[actor] && ghostRoles[account] == 0;
        vm.prank(actor);
        try consortium.removeAccount(account) {
            if (!allowed) _violation("removeAccount succeeded although the model refuses it");
            ghostMemberOf[account] = 0;
            ghostAdmin[account] = false;
            ++selfServiceSuccesses;
        } catch {}
    }

    function _setAccountAdmin(uint256 actorSeed, uint256 accountSeed, bool admin) internal {
        address actor = _actor(actorSeed);
        address account = _account(accountSeed);
        bool allowed = _isActiveAdmin(actor) && ghostMemberOf[account] == ghostMemberOf[actor];
        vm.prank(actor);
        try consortium.setAccountAdmin(account, admin) {
            if (!allowed) _violation("setAccountAdmin succeeded although the model refuses it");
            ghostAdmin[account] = admin;
            ++selfServiceSuccesses;
        } catch {}
    }

    // ================================================================ side and forbidden routes

    /// @notice Routes other than proposals. Permitted ones that must change no role or
    /// membership: anyone re-pushing the consortium's truth (syncAccess, 0) and the regulator's
    /// module-local freeze/unfreeze (bit 255 only, 1-2). Forbidden ones that must never
    /// succeed: sealGenesis (3) or registerGenesisModule (4) after sealing, even by the former
    /// bootstrapper, and applyAccess on a module from anyone but the consortium (5).
    function sideRoute(uint8 which, uint256 actorSeed, uint256 accountSeed, uint256 word) external timed {
        uint256 w = which % 6;
        address actor = _anyCaller(actorSeed);
        address[] memory one = new address[](1);
        one[0] = _account(accountSeed);
        GuardedCounter module = GuardedCounter(address(_modules[word % _modules.length]));
        if (w == 0) {
            vm.prank(actor);
            try consortium.syncAccess(address(module), one) {} catch {}
        } else if (w <= 2) {
            vm.prank(regulator); // holds REGULATOR at the start (unless revoked since)
            if (w == 1) {
                try module.freeze(one[0], "fuzz") {} catch {}
            } else {
                try module.unfreeze(one[0], "fuzz") {} catch {}
            }
        } else if (w == 3) {
            vm.prank(actor);
            try consortium.sealGenesis() {
                _forbidden("sealGenesis succeeded after sealing");
            } catch {}
        } else if (w == 4) {
            vm.prank(actor);
            try consortium.registerGenesisModule(spareModule) {
                _forbidden("registerGenesisModule succeeded after sealing");
            } catch {}
        } else {
            uint256[] memory words = new uint256[](1);
            words[0] = word | Roles.bit(Roles.MEMBER);
            vm.prank(actor);
            try module.applyAccess(one, words) {
                _forbidden("applyAccess succeeded from a non-consortium caller");
            } catch {}
        }
    }

    // ================================================================ internals

    function _propose(
        uint8 kindSeed,
        uint256 actorSeed,
        uint256 targetSeed,
        uint256 valueSeed
    ) internal returns (uint256 id) {
        address actor = _actor(actorSeed);
        (IConsortium.ProposalKind kind, bytes memory payload) = _payload(kindSeed, targetSeed, valueSeed);
        vm.prank(actor);
        try consortium.propose(kind, payload, "fuzz") returns (uint256 newId) {
            id = newId;
            _proposed[id] = Proposed(kind, payload);
            _proposalIds.push(id);
        } catch {}
    }

    function _tryExecute(uint256 id, address caller) internal {
        vm.prank(caller);
        try consortium.execute(id) {
            _applyExecuted(id);
        } catch {}
    }

    function _rally(uint256 id) internal {
        for (uint256 i = 0; i < _accounts.length; ++i) {
            vm.prank(_accounts[i]);
            try consortium.castVote(id, IConsortium.VoteType.For) {} catch {}
        }
    }

    /// @dev Mostly a proposal in state `preferred` (newest first), otherwise any proposal.
    function _pickProposal(uint256 seed, IConsortium.ProposalState preferred) internal view returns (uint256) {
        uint256 n = _proposalIds.length;
        if (seed % 4 != 0) {
            for (uint256 i = n; i > 0; --i) {
                if (consortium.state(_proposalIds[i - 1]) == preferred) return _proposalIds[i - 1];
            }
        }
        return _proposalIds[(seed >> 2) % n];
    }

    /// @dev Payloads aimed (mostly) at targets for which the kind is valid now, per the model.
    function _payload(
        uint8 kindSeed,
        uint256 targetSeed,
        uint256 valueSeed
    ) internal view returns (IConsortium.ProposalKind kind, bytes memory payload) {
        uint256 k = kindSeed % 7;
        if (k == 0) {
            kind = IConsortium.ProposalKind.AdmitMember;
            uint32 weight = valueSeed % 8 == 0 ? 0 : uint32(_bound(valueSeed >> 3, 1, 5));
            payload = abi.encode("Newcomer", _outsider(targetSeed), weight);
        } else if (k <= 3) {
            kind = IConsortium.ProposalKind(k); // Suspend, Reinstate, Expel
            IConsortium.MemberStatus want =
                kind == IConsortium.ProposalKind.ReinstateMember
                    ? IConsortium.MemberStatus.Suspended
                    : IConsortium.MemberStatus.Active;
            payload = abi.encode(_memberTarget(targetSeed, want));
        } else if (k == 4) {
            kind = IConsortium.ProposalKind.GrantRole;
            payload = abi.encode(_memberAccount(targetSeed), _role(valueSeed));
        } else if (k == 5) {
            kind = IConsortium.ProposalKind.RevokeRole;
            (address account, uint8 role) = _grantedTarget(targetSeed, valueSeed);
            payload = abi.encode(account, role);
        } else {
            kind = IConsortium.ProposalKind.SetMemberWeight;
            uint32 weight = valueSeed % 16 == 0 ? MAX_WEIGHT + 1 : uint32(_bound(valueSeed >> 4, 0, 5));
            payload = abi.encode(_memberTarget(targetSeed, IConsortium.MemberStatus.Active), weight);
        }
    }

    /// @dev Mostly a member with status `want`; sometimes any id up to one past the last.
    function _memberTarget(uint256 seed, IConsortium.MemberStatus want) internal view returns (uint64) {
        if (seed % 4 != 0) {
            uint64[] memory c = new uint64[](ghostMemberCount);
            uint256 n;
            for (uint64 id = 1; id <= ghostMemberCount; ++id) if (ghostStatus[id] == want) c[n++] = id;
            if (n != 0) return c[(seed >> 2) % n];
        }
        return uint64(_bound(seed >> 2, 1, ghostMemberCount + 1));
    }

    /// @dev Mostly an account that belongs to no member; sometimes any tracked account.
    function _outsider(uint256 seed) internal view returns (address) {
        if (seed % 4 != 0) {
            address[] memory c = new address[](_accounts.length);
            uint256 n;
            for (uint256 i = 0; i < _accounts.length; ++i) if (ghostMemberOf[_accounts[i]] == 0) c[n++] = _accounts[i];
            if (n != 0) return c[(seed >> 2) % n];
        }
        return _account(seed >> 2);
    }

    /// @dev Mostly an account that belongs to a member; sometimes any tracked account.
    function _memberAccount(uint256 seed) internal view returns (address) {
        if (seed % 4 != 0) {
            address[] memory c = new address[](_accounts.length);
            uint256 n;
            for (uint256 i = 0; i < _accounts.length; ++i) if (ghostMemberOf[_accounts[i]] != 0) c[n++] = _accounts[i];
            if (n != 0) return c[(seed >> 2) % n];
        }
        return _account(seed >> 2);
    }

    /// @dev Mostly an (account, role) pair the model says is granted; sometimes random.
    function _grantedTarget(uint256 seed, uint256 valueSeed) internal view returns (address, uint8) {
        if (seed % 4 != 0) {
            address[] memory c = new address[](_accounts.length);
            uint256 n;
            for (uint256 i = 0; i < _accounts.length; ++i) if (ghostRoles[_accounts[i]] != 0) c[n++] = _accounts[i];
            if (n != 0) {
                address account = c[(seed >> 2) % n];
                uint256 roles = ghostRoles[account];
                uint256 start = valueSeed % 256;
                for (uint256 j = 0; j < 256; ++j) {
                    uint256 r = (start + j) % 256;
                    if (roles & (uint256(1) << r) != 0) return (account, uint8(r));
                }
            }
        }
        return (_account(seed >> 2), _role(valueSeed));
    }

    function _role(uint256 seed) internal pure returns (uint8) {
        uint256 r = seed % 8;
        if (r == 0) return 0; // MEMBER: never grantable
        if (r == 1) return (seed >> 3) % 2 == 0 ? 255 : Roles.MAX_ROLE + 1; // module bits: never grantable
        if (r == 2) return Roles.MAX_ROLE;
        if (r == 3) return Roles.TOKEN_ISSUER;
        if (r == 4) return Roles.REGULATOR;
        return uint8(1 + ((seed >> 3) % 15));
    }

    /// @dev Applies an executed proposal to the model, checking that the model allowed it.
    function _applyExecuted(uint256 proposalId) internal {
        Proposed storage p = _proposed[proposalId];
        IConsortium.ProposalKind kind = p.kind;
        // The contract executed exactly what was proposed.
        IConsortium.Proposal memory stored = consortium.getProposal(proposalId);
        if (stored.kind != kind || keccak256(stored.payload) != keccak256(p.payload) || !stored.executed) {
            _violation("executed proposal differs from what was proposed");
        }
        ++executions;
        ++executedByKind[kind];
        if (kind == IConsortium.ProposalKind.AdmitMember) {
            (, address admin, uint32 weight) = abi.decode(p.payload, (string, address, uint32));
            if (ghostMemberOf[admin] != 0 || weight == 0 || weight > MAX_WEIGHT) _violation("illegal AdmitMember");
            uint64 id = ++ghostMemberCount;
            ghostStatus[id] = IConsortium.MemberStatus.Active;
            ghostWeight[id] = weight;
            ghostMemberOf[admin] = id;
            ghostAdmin[admin] = true;
        } else if (kind <= IConsortium.ProposalKind.ExpelMember) {
            _applyStatus(kind, abi.decode(p.payload, (uint64)));
        } else if (kind == IConsortium.ProposalKind.GrantRole) {
            (address account, uint8 role) = abi.decode(p.payload, (address, uint8));
            uint64 id = ghostMemberOf[account];
            bool ok =
                role != 0 &&
                    role <= Roles.MAX_ROLE &&
                    id != 0 &&
                    ghostStatus[id] == IConsortium.MemberStatus.Active &&
                    ghostRoles[account] & Roles.bit(role) == 0;
            if (!ok) _violation("illegal GrantRole");
            ghostRoles[account] |= Roles.bit(role);
        } else if (kind == IConsortium.ProposalKind.RevokeRole) {
            (address account, uint8 role) = abi.decode(p.payload, (address, uint8));
            if (role == 0 || role > Roles.MAX_ROLE || ghostRoles[account] & Roles.bit(role) == 0) {
                _violation("illegal RevokeRole");
            }
            ghostRoles[account] &= ~Roles.bit(role);
        } else if (kind == IConsortium.ProposalKind.SetMemberWeight) {
            (uint64 id, uint32 weight) = abi.decode(p.payload, (uint64, uint32));
            bool active = ghostStatus[id] == IConsortium.MemberStatus.Active;
            bool ok =
                id != 0 &&
                    id <= ghostMemberCount &&
                    ghostStatus[id] != IConsortium.MemberStatus.Expelled &&
                    weight <= MAX_WEIGHT &&
                    (!active || ghostTotalActiveWeight() - ghostWeight[id] + weight > 0);
            if (!ok) _violation("illegal SetMemberWeight");
            ghostWeight[id] = weight;
        } else {
            _violation("executed a kind the handler never proposes");
        }
    }

    function _applyStatus(IConsortium.ProposalKind kind, uint64 id) internal {
        if (id == 0 || id > ghostMemberCount) {
            _violation("status change of an unknown member");
            return;
        }
        IConsortium.MemberStatus from = ghostStatus[id];
        IConsortium.MemberStatus to;
        bool ok;
        if (kind == IConsortium.ProposalKind.ReinstateMember) {
            ok = from == IConsortium.MemberStatus.Suspended;
            to = IConsortium.MemberStatus.Active;
        } else {
            ok =
                kind == IConsortium.ProposalKind.SuspendMember
                    ? from == IConsortium.MemberStatus.Active
                    : from != IConsortium.MemberStatus.Expelled;
            to =
                kind == IConsortium.ProposalKind.SuspendMember
                    ? IConsortium.MemberStatus.Suspended
                    : IConsortium.MemberStatus.Expelled;
            if (from == IConsortium.MemberStatus.Active && ghostTotalActiveWeight() == ghostWeight[id]) ok = false;
        }
        if (!ok) _violation("illegal member status change");
        ghostStatus[id] = to;
    }

    function _isActiveAdmin(address account) internal view returns (bool) {
        uint64 id = ghostMemberOf[account];
        return id != 0 && ghostAdmin[account] && ghostStatus[id] == IConsortium.MemberStatus.Active;
    }

    function _account(uint256 seed) internal view returns (address) {
        return _accounts[seed % _accounts.length];
    }

    /// @dev Mostly an admin of an active member (per the model), sometimes any tracked account.
    function _actor(uint256 seed) internal view returns (address) {
        if (seed % 4 == 0) return _account(seed >> 2);
        address[] memory admins = new address[](_accounts.length);
        uint256 n;
        for (uint256 i = 0; i < _accounts.length; ++i) {
            if (_isActiveAdmin(_accounts[i])) admins[n++] = _accounts[i];
        }
        return n == 0 ? _account(seed >> 2) : admins[(seed >> 2) % n];
    }

    /// @dev A tracked account, the former bootstrapper or the handler itself.
    function _anyCaller(uint256 seed) internal view returns (address) {
        uint256 r = seed % (_accounts.length + 2);
        if (r == _accounts.length) return formerBootstrapper;
        if (r == _accounts.length + 1) return address(this);
        return _accounts[r];
    }

    function _violation(string memory what) internal {
        ++illegalTransitions;
        lastViolation = what;
    }

    function _forbidden(string memory what) internal {
        ++forbiddenSuccesses;
        lastViolation = what;
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        return min + (x % (max - min + 1));
    }
}

/// @title GovernanceInvariantTest
/// @notice No role or membership changes except through an executed proposal (or, for
/// accounts only, member self-service), and every module's mirror equals the consortium's
/// access words (ACC-I01..ACC-I06).
contract GovernanceInvariantTest is ConsortiumTestBase {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    Consortium internal consortium;
    SettlementToken internal token;
    GuardedCounter internal counter;
    GovernanceHandler internal handler;

    function fresh(uint256 i) internal pure returns (address) {
        return address(uint160(0xB0000 + i));
    }

    function setUp() public {
        uint32[] memory weights = new uint32[](5);
        (weights[0], weights[1], weights[2], weights[3], weights[4]) = (3, 2, 2, 1, 1);
        IConsortium.GenesisGrant[] memory grants = new IConsortium.GenesisGrant[](2);
        grants[0] = IConsortium.GenesisGrant({account: adminOf(2), role: Roles.TOKEN_ISSUER});
        grants[1] = IConsortium.GenesisGrant({account: adminOf(4), role: Roles.REGULATOR});
        // Short periods so that proposals pass, queue, become ready and expire within a run.
        consortium = deployConsortium(weights, rulesOf(5000, 6000, 1 hours, 10 minutes, 1 days, 0), grants);
        token = new SettlementToken(address(consortium), "Consortium Yuan", "CNYC");
        counter = new GuardedCounter(address(consortium));
        consortium.registerGenesisModule(address(token));
        consortium.registerGenesisModule(address(counter));
        consortium.sealGenesis();

        // A richer starting point than genesis: non-admin and extra admin accounts, a role on
        // a non-admin account and a suspended member (so that every kind has targets early).
        for (uint64 m = 1; m <= 3; ++m) {
            vm.prank(adminOf(m));
            consortium.addAccount(fresh(m), m == 3);
            vm.prank(fresh(m));
            consortium.acceptAccount(m);
        }
        passProposal(
            consortium,
            1,
            ids(1, 2, 3),
            IConsortium.ProposalKind.GrantRole,
            abi.encode(fresh(1), Roles.CERT_ISSUER)
        );
        passProposal(consortium, 1, ids(1, 2, 3), IConsortium.ProposalKind.SuspendMember, abi.encode(uint64(5)));

        handler = new GovernanceHandler(
            consortium,
            modulesList(),
            address(new GuardedCounter(address(consortium))), // never registered
            address(this),
            adminOf(4),
            universe(),
            startState(weights, grants)
        );
        vm.label(address(consortium), "Consortium");
        vm.label(address(token), "SettlementToken");
        vm.label(address(counter), "GuardedCounter");
        vm.label(address(handler), "GovernanceHandler");
    }

    function modulesList() internal view returns (IConsortiumGoverned[] memory mods) {
        mods = new IConsortiumGoverned[](2);
        mods[0] = token;
        mods[1] = counter;
    }

    /// @dev The five genesis admins and twelve fresh addresses (three already joined members).
    function universe() internal returns (address[] memory u) {
        u = new address[](17);
        for (uint256 i = 0; i < 5; ++i) {
            u[i] = adminOf(i + 1);
            vm.label(u[i], string.concat("admin", _toString(i + 1)));
        }
        for (uint256 i = 0; i < 12; ++i) {
            u[5 + i] = fresh(i + 1);
            vm.label(u[5 + i], string.concat("fresh", _toString(i + 1)));
        }
    }

    /// @dev What setUp built, written down independently of the contract.
    function startState(
        uint32[] memory weights,
        IConsortium.GenesisGrant[] memory grants
    ) internal pure returns (StartState memory s) {
        s.weights = weights;
        s.statuses = new IConsortium.MemberStatus[](5);
        for (uint256 i = 0; i < 4; ++i) s.statuses[i] = IConsortium.MemberStatus.Active;
        s.statuses[4] = IConsortium.MemberStatus.Suspended;
        s.accounts = new address[](8);
        s.accountMember = new uint64[](8);
        s.accountAdmin = new bool[](8);
        for (uint256 i = 0; i < 5; ++i) {
            (s.accounts[i], s.accountMember[i], s.accountAdmin[i]) = (adminOf(i + 1), uint64(i + 1), true);
        }
        (s.accounts[5], s.accountMember[5], s.accountAdmin[5]) = (fresh(1), 1, false);
        (s.accounts[6], s.accountMember[6], s.accountAdmin[6]) = (fresh(2), 2, false);
        (s.accounts[7], s.accountMember[7], s.accountAdmin[7]) = (fresh(3), 3, true);
        s.roles = new IConsortium.GenesisGrant[](3);
        (s.roles[0], s.roles[1]) = (grants[0], grants[1]);
        s.roles[2] = IConsortium.GenesisGrant({account: fresh(1), role: Roles.CERT_ISSUER});
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory s = new bytes4[](7);
        s[0] = GovernanceHandler.propose.selector;
        s[1] = GovernanceHandler.castVote.selector;
        s[2] = GovernanceHandler.rally.selector;
        s[3] = GovernanceHandler.execute.selector;
        s[4] = GovernanceHandler.warp.selector;
        s[5] = GovernanceHandler.selfService.selector;
        s[6] = GovernanceHandler.sideRoute.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: s});
    }

    /// @notice grantedRoles of every tracked account equals the ghost, which changes
    /// only when a GrantRole/RevokeRole proposal is executed.
    function invariant_ACC_I01_rolesChangeOnlyThroughExecutedProposals() public view {
        address[] memory accts = handler.accounts();
        for (uint256 i = 0; i < accts.length; ++i) {
            assertEq(consortium.grantedRoles(accts[i]), handler.ghostRoles(accts[i]), "ACC-I01 grantedRoles");
        }
    }

    /// @notice Member count, status and weight equal the ghost (executed proposals
    /// only); account membership and admin flags equal the ghost (self-service or AdmitMember).
    function invariant_ACC_I02_membershipChangesOnlyThroughExecutedProposals() public view {
        uint64 n = handler.ghostMemberCount();
        assertEq(consortium.memberCount(), n, "ACC-I02 memberCount");
        for (uint64 id = 1; id <= n; ++id) {
            IConsortium.Member memory m = consortium.getMember(id);
            assertEq(uint256(m.status), uint256(handler.ghostStatus(id)), "ACC-I02 member status");
            assertEq(m.weight, handler.ghostWeight(id), "ACC-I02 member weight");
        }
        address[] memory accts = handler.accounts();
        for (uint256 i = 0; i < accts.length; ++i) {
            assertEq(consortium.memberOf(accts[i]), handler.ghostMemberOf(accts[i]), "ACC-I02 memberOf");
            assertEq(consortium.isAdmin(accts[i]), handler.ghostAdmin(accts[i]), "ACC-I02 isAdmin");
        }
    }

    /// @notice totalActiveWeight equals the sum of the weights of Active members.
    function invariant_ACC_I03_totalActiveWeightIsSumOfActiveMembers() public view {
        assertEq(consortium.totalActiveWeight(), handler.ghostTotalActiveWeight(), "ACC-I03 totalActiveWeight");
    }

    /// @notice The committee can always decide: totalActiveWeight > 0.
    function invariant_ACC_I04_totalActiveWeightPositive() public view {
        assertGt(consortium.totalActiveWeight(), 0, "ACC-I04 totalActiveWeight");
    }

    /// @notice Every registered module's mirrored access word (bit 255 masked off)
    /// equals consortium.accessOf, which equals the ghost's prediction, for every tracked account.
    function invariant_ACC_I05_moduleMirrorsNeverDrift() public view {
        address[] memory accts = handler.accounts();
        address[] memory mods = consortium.modules();
        assertEq(mods.length, 2, "ACC-I05 registered modules");
        for (uint256 i = 0; i < accts.length; ++i) {
            uint256 truth = consortium.accessOf(accts[i]);
            assertEq(truth, handler.ghostAccess(accts[i]), "ACC-I05 accessOf vs ghost");
            for (uint256 j = 0; j < mods.length; ++j) {
                uint256 word = GuardedCounter(mods[j]).accessWord(accts[i]) & ~Roles.FROZEN_BIT;
                assertEq(word, truth, "ACC-I05 module mirror vs accessOf");
            }
        }
    }

    /// @notice Forbidden routes (genesis functions after sealing, applyAccess from
    /// anyone but the consortium) never succeed, and no execution or self-service call
    /// succeeds where the model forbids it.
    function invariant_ACC_I06_forbiddenRoutesNeverSucceed() public view {
        assertEq(consortium.bootstrapper(), address(0), "ACC-I06 genesis stays sealed");
        assertFalse(consortium.isModule(handler.spareModule()), "ACC-I06 spare module never registered");
        assertEq(handler.forbiddenSuccesses(), 0, string.concat("ACC-I06 ", handler.lastViolation()));
        assertEq(handler.illegalTransitions(), 0, string.concat("ACC-I06 ", handler.lastViolation()));
    }
}
