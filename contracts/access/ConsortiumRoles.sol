// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortium} from "./IConsortium.sol";
import {ConsortiumMembers} from "./ConsortiumMembers.sol";
import {Roles} from "./Roles.sol";

/// @title ConsortiumRoles
/// @notice The roles accounts hold, granted and revoked only by proposals (or at genesis), and
/// the access word every module mirrors: the granted roles plus the membership bit, both only
/// while the account's member is Active.
/// @dev Second layer of {Consortium}.
abstract contract ConsortiumRoles is ConsortiumMembers {
    mapping(address account => uint256) private _granted; // roles granted by proposals

    // ================================================================ views

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

    // ================================================================ proposal effects

    /// @dev RevokeRole: checks, and with `commit` revokes and pushes the account's new word.
    function _runRevokeRole(address account, uint8 role, uint256 proposalId, bool commit) internal {
        _checkRole(role);
        if (_granted[account] & Roles.bit(role) == 0) revert RoleNotGranted(account, role);
        if (commit) {
            _granted[account] &= ~Roles.bit(role);
            emit RoleRevoked(account, role, proposalId);
            _pushAccount(account);
        }
    }

    // ================================================================ internals

    /// @dev Role 0 is membership (implicit) and ids above MAX_ROLE belong to modules.
    function _checkRole(uint8 role) internal pure {
        if (role == Roles.MEMBER || role > Roles.MAX_ROLE) revert InvalidRole(role);
    }

    function _checkGrant(address account, uint8 role) internal view {
        _checkRole(role);
        uint64 id = memberOf[account];
        if (id == 0) revert NotAnAccount(account);
        MemberStatus s = _members[id - 1].status;
        if (s != MemberStatus.Active) revert MemberNotActive(id, s);
        if (_granted[account] & Roles.bit(role) != 0) revert RoleAlreadyGranted(account, role);
    }

    function _grant(address account, uint8 role, uint256 proposalId) internal {
        _granted[account] |= Roles.bit(role);
        emit RoleGranted(account, role, proposalId);
    }

    function _grantedOf(address account) internal view override returns (uint256) {
        return _granted[account];
    }
}
