// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IConsortium} from "./IConsortium.sol";
import {IConsortiumDirectory} from "./IConsortiumDirectory.sol";

/// @title ConsortiumMembers
/// @notice The member organisations of the consortium and their accounts: admission, status
/// (suspend, reinstate, expel), voting weight, and the self-service of a member's own admins
/// over which accounts belong to it.
/// @dev First layer of {Consortium}. What it needs from the layers above (granted roles, pushes
/// to modules, the leading member of the voting rules) it asks through the hooks at the end.
abstract contract ConsortiumMembers is IConsortium {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @inheritdoc IConsortium
    uint256 public constant MAX_ACCOUNTS_PER_MEMBER = 32;
    /// @inheritdoc IConsortium
    uint32 public constant MAX_WEIGHT = 1_000_000;
    uint256 private constant MAX_NAME_LENGTH = 64;

    /// @dev Sum of the weights of Active members: the electorate a new proposal records.
    uint64 internal _totalActiveWeight;
    /// @dev Accounts of all members together (bounds a genesis registration's push).
    uint64 internal _accountCount;

    Member[] internal _members; // member id = index + 1
    mapping(uint64 memberId => EnumerableSet.AddressSet) internal _accounts;
    /// @inheritdoc IConsortiumDirectory
    mapping(address account => uint64) public memberOf;
    /// @inheritdoc IConsortiumDirectory
    mapping(address account => bool) public isAdmin;

    /// @dev An open offer: the admin who made it (zero: none) and the admin flag offered.
    struct Offer {
        address by;
        bool admin;
    }

    mapping(address account => mapping(uint64 memberId => Offer)) private _offers;

    // ================================================================ accounts (member self-service)

    /// @inheritdoc IConsortium
    function addAccount(address account, bool admin) external {
        uint64 id = _requireMemberAdmin(msg.sender);
        _checkNewAccount(id, account);
        // Only an offer: joining at once would let any admin squat an address it does not
        // control, e.g. the admin of a pending AdmitMember, and make that execution revert.
        _offers[account][id] = Offer({by: msg.sender, admin: admin});
        emit AccountOffered(id, account, admin, msg.sender);
    }

    /// @inheritdoc IConsortium
    function acceptAccount(uint64 memberId) external {
        Offer memory offer = _offers[msg.sender][memberId];
        if (offer.by == address(0)) revert NoAccountOffer(msg.sender, memberId);
        MemberStatus s = _members[memberId - 1].status;
        if (s != MemberStatus.Active) revert MemberNotActive(memberId, s);
        _checkNewAccount(memberId, msg.sender);
        delete _offers[msg.sender][memberId];
        _addAccount(memberId, msg.sender, offer.admin, offer.by);
        _pushAccount(msg.sender);
    }

    /// @inheritdoc IConsortium
    function withdrawAccountOffer(address account) external {
        uint64 id = _requireMemberAdmin(msg.sender);
        if (_offers[account][id].by == address(0)) revert NoAccountOffer(account, id);
        delete _offers[account][id];
        emit AccountOfferWithdrawn(id, account, msg.sender);
    }

    /// @inheritdoc IConsortium
    function removeAccount(address account) external {
        uint64 id = _requireMemberAdmin(msg.sender);
        if (memberOf[account] != id) revert AccountNotInMember(account, id);
        uint256 roles_ = _grantedOf(account);
        if (roles_ != 0) revert AccountHoldsRoles(account, roles_);
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

    // ================================================================ views

    /// @inheritdoc IConsortium
    function accountOffer(address account, uint64 memberId) external view returns (bool offered, bool admin) {
        Offer memory offer = _offers[account][memberId];
        return (offer.by != address(0), offer.admin);
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

    // ================================================================ proposal effects

    /// @dev SuspendMember, ReinstateMember or ExpelMember: checks, and with `commit` applies.
    function _runMemberStatus(ProposalKind kind, uint64 id, bool commit) internal {
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
            if (id == _leadingMember()) revert LeadingMemberRequired(id);
            if (from == MemberStatus.Active && _totalActiveWeight - m.weight == 0) revert WouldLeaveNoVoters();
        }
        if (!commit) return;
        if (from == MemberStatus.Active) _totalActiveWeight -= m.weight;
        if (to == MemberStatus.Active) _totalActiveWeight += m.weight;
        m.status = to;
        emit MemberStatusChanged(id, from, to);
        _pushMember(id);
    }

    /// @dev SetMemberWeight: checks, and with `commit` applies.
    function _runSetWeight(uint64 id, uint32 weight, bool commit) internal {
        _checkMemberExists(id);
        Member storage m = _members[id - 1];
        if (m.status == MemberStatus.Expelled) revert MemberAlreadyExpelled(id);
        if (weight > MAX_WEIGHT) revert InvalidWeight(weight);
        if (id == _leadingMember() && weight == 0) revert LeadingMemberRequired(id);
        bool active = m.status == MemberStatus.Active;
        if (active && _totalActiveWeight - m.weight + weight == 0) revert WouldLeaveNoVoters();
        if (!commit) return;
        if (active) _totalActiveWeight = _totalActiveWeight - m.weight + weight;
        m.weight = weight;
        emit MemberWeightChanged(id, weight);
    }

    // ================================================================ internals

    function _checkNewMember(string memory name, address admin, uint32 weight) internal view {
        uint256 len = bytes(name).length;
        if (len == 0 || len > MAX_NAME_LENGTH) revert InvalidName();
        if (weight == 0 || weight > MAX_WEIGHT) revert InvalidWeight(weight);
        if (admin == address(0)) revert NotAnAccount(admin);
        if (memberOf[admin] != 0) revert AccountAlreadyMember(admin, memberOf[admin]);
    }

    function _admitMember(string memory name, address admin, uint32 weight) internal returns (uint64 id) {
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

    function _checkNewAccount(uint64 id, address account) internal view {
        if (account == address(0)) revert NotAnAccount(account);
        if (memberOf[account] != 0) revert AccountAlreadyMember(account, memberOf[account]);
        if (_accounts[id].length() >= MAX_ACCOUNTS_PER_MEMBER) revert TooManyAccounts(id, MAX_ACCOUNTS_PER_MEMBER);
    }

    function _addAccount(uint64 id, address account, bool admin, address by) internal {
        _accounts[id].add(account);
        memberOf[account] = id;
        _accountCount += 1;
        if (admin) {
            isAdmin[account] = true;
            _members[id - 1].adminCount += 1;
        }
        emit AccountAdded(id, account, admin, by);
    }

    /// @dev The member `account` acts for; NotMemberAdmin unless it is an admin, MemberNotActive
    /// unless its member is Active.
    function _requireMemberAdmin(address account) internal view returns (uint64 id) {
        id = memberOf[account];
        if (id == 0 || !isAdmin[account]) revert NotMemberAdmin(account, id);
        MemberStatus s = _members[id - 1].status;
        if (s != MemberStatus.Active) revert MemberNotActive(id, s);
    }

    function _checkMemberExists(uint64 id) internal view {
        if (id == 0 || id > _members.length) revert UnknownMember(id);
    }

    // ================================================================ hooks (layers above)

    /// @dev Roles granted to `account` by proposals ({ConsortiumRoles}).
    function _grantedOf(address account) internal view virtual returns (uint256);

    /// @dev Push `account`'s access word to every registered module ({ConsortiumModules}).
    function _pushAccount(address account) internal virtual;

    /// @dev Push the access words of all of a member's accounts ({ConsortiumModules}).
    function _pushMember(uint64 id) internal virtual;

    /// @dev The leading member of the current voting rules, 0 for none ({ConsortiumVoting}).
    function _leadingMember() internal view virtual returns (uint64);
}
