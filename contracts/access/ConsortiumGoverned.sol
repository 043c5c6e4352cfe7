// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumGoverned} from "./IConsortiumGoverned.sol";
import {Roles} from "./Roles.sol";

/// @title ConsortiumGoverned
/// @notice Base of every system the consortium governs. Governance stays central (roles are
/// voted in the Consortium contract), but the check on a hot path reads a local mirror of
/// the account's access word: one cold SLOAD (~2.2k gas) instead of an external call into a
/// registry (~5.5k) or AccessManager (~13.8k). The Consortium pushes every change here.
abstract contract ConsortiumGoverned is IConsortiumGoverned {
    /// @inheritdoc IConsortiumGoverned
    address public immutable consortium;

    /// @dev Bits 0..127: roles pushed by the consortium. Bits 128..254: this module's own
    /// per-account flags ({_setModuleBits}). Bit 255: frozen by the regulator here.
    mapping(address account => uint256) private _access;
    bool private _paused;

    modifier onlyRole(uint8 role) {
        _checkRole(role, msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (_paused) revert ModulePaused();
        _;
    }

    constructor(address consortium_) {
        consortium = consortium_;
    }

    /// @inheritdoc IConsortiumGoverned
    function applyAccess(address[] calldata accounts, uint256[] calldata roles) external {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        if (accounts.length != roles.length) revert LengthMismatch(accounts.length, roles.length);
        for (uint256 i = 0; i < accounts.length; ++i) {
            uint256 pushed = roles[i] & ~Roles.MODULE_BITS;
            _access[accounts[i]] = (_access[accounts[i]] & Roles.MODULE_BITS) | pushed;
            emit AccessUpdated(accounts[i], pushed);
        }
    }

    /// @notice Stop every state-changing entry point of this module.
    /// @dev REGULATOR, or the consortium itself through an executed CallModule proposal.
    /// @param reason why, recorded in the event for the audit trail
    function pause(string calldata reason) external {
        _checkRegulator();
        if (_paused) revert PauseUnchanged(true);
        _paused = true;
        emit PauseChanged(true, msg.sender, reason);
    }

    /// @notice Resume the module after a pause.
    /// @param reason why, recorded in the event
    function unpause(string calldata reason) external {
        _checkRegulator();
        if (!_paused) revert PauseUnchanged(false);
        _paused = false;
        emit PauseChanged(false, msg.sender, reason);
    }

    /// @notice Freeze `account` in this module: it keeps its roles but can use none of them here.
    /// @param account the account to freeze
    /// @param reason why, recorded in the event
    function freeze(address account, string calldata reason) external {
        _checkRegulator();
        uint256 word = _access[account];
        if (word & Roles.FROZEN_BIT != 0) revert FreezeUnchanged(account, true);
        _access[account] = word | Roles.FROZEN_BIT;
        emit FreezeChanged(account, true, msg.sender, reason);
    }

    /// @notice Lift a freeze set by {freeze}.
    /// @param account the account to unfreeze
    /// @param reason why, recorded in the event
    function unfreeze(address account, string calldata reason) external {
        _checkRegulator();
        uint256 word = _access[account];
        if (word & Roles.FROZEN_BIT == 0) revert FreezeUnchanged(account, false);
        _access[account] = word & ~Roles.FROZEN_BIT;
        emit FreezeChanged(account, false, msg.sender, reason);
    }

    /// @notice Whether the module is paused.
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @notice Whether `account` is frozen in this module.
    function isFrozen(address account) external view returns (bool) {
        return _access[account] & Roles.FROZEN_BIT != 0;
    }

    /// @notice Whether `account` may act as `role` here now (holds it and is not frozen).
    function hasRole(address account, uint8 role) public view returns (bool) {
        if (role > Roles.MAX_ROLE) return false; // module bits and the freeze flag are no roles
        return _access[account] & (Roles.bit(role) | Roles.FROZEN_BIT) == Roles.bit(role);
    }

    /// @notice The raw mirrored access word of `account` (bit 255 = frozen here).
    function accessWord(address account) external view returns (uint256) {
        return _access[account];
    }

    function _checkRole(uint8 role, address account) internal view {
        if (_access[account] & (Roles.bit(role) | Roles.FROZEN_BIT) != Roles.bit(role)) {
            revert AccessDenied(account, role);
        }
    }

    /// @dev Replaces the module-owned bits 128..254 of `account`'s word; roles and freeze stay.
    function _setModuleBits(address account, uint256 bits) internal {
        uint256 keep = ~Roles.MODULE_BITS | Roles.FROZEN_BIT;
        _access[account] = (_access[account] & keep) | (bits & Roles.MODULE_BITS & ~Roles.FROZEN_BIT);
    }

    /// @dev The raw word, for modules that test a role and their own bits in one read.
    function _accessWord(address account) internal view returns (uint256) {
        return _access[account];
    }

    /// @dev Where the access words and the pause flag (a bool at offset 0) live, for a module
    /// whose hottest path reads them in assembly.
    function _accessSlots() internal pure returns (uint256 accessSlot, uint256 pausedSlot) {
        assembly {
            accessSlot := _access.slot
            pausedSlot := _paused.slot
        }
    }

    function _checkRegulator() private view {
        if (msg.sender != consortium) _checkRole(Roles.REGULATOR, msg.sender);
    }
}
