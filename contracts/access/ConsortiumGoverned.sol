// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumGoverned} from "./IConsortiumGoverned.sol";
import {AccessWord} from "./AccessWord.sol";
import {Roles} from "./Roles.sol";

/// @title ConsortiumGoverned
/// @notice Base of every system the consortium governs. Governance stays central (roles are
/// voted in the Consortium contract), but the check on a hot path reads a local mirror of
/// the account's access word: one cold SLOAD (~2.2k gas) instead of an external call into a
/// registry (~5.5k) or AccessManager (~13.8k). The Consortium pushes every change here.
/// @dev A new system inherits {ConsortiumModule}, which adds the directory and operator checks
/// and the shared errors on top of this mirror.
abstract contract ConsortiumGoverned is IConsortiumGoverned {
    /// @inheritdoc IConsortiumGoverned
    address public immutable consortium;

    /// @dev Layout in {AccessWord}: bits 0..127 pushed by the consortium, bits 128..254 this
    /// module's own per-account flags ({_setModuleBits}), bit 255 frozen by the regulator here.
    mapping(address account => uint256) private _access;
    bool private _paused;
    /// @dev Shares _paused's slot; the issue fast path reads that slot masked to _paused's byte.
    bool private _retired;

    modifier onlyRole(uint8 role) {
        _checkRole(role, msg.sender);
        _;
    }

    modifier whenNotPaused() {
        // Inline rather than _checkNotPaused(): the extra internal call costs ~24 gas per call.
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
            address account = accounts[i];
            uint256 pushed = roles[i] & AccessWord.ROLES_MASK;
            uint256 word = _access[account];
            // Without MEMBER the account was removed, moved or its member suspended or
            // expelled: whatever this module enrolled it for belonged to that membership, so
            // it must not follow the key into another member (or outlive the suspension).
            if (pushed & AccessWord.MEMBER_BIT == 0 && word & AccessWord.MODULE_FLAGS_MASK != 0) {
                word = AccessWord.withModuleFlags(word, _moduleFlagsAfterLeaving(account, word));
            }
            _access[account] = (word & AccessWord.MODULE_BITS) | pushed;
            emit AccessUpdated(account, pushed);
        }
    }

    /// @inheritdoc IConsortiumGoverned
    function retire() external {
        if (msg.sender != consortium) revert NotConsortium(msg.sender);
        if (_retired) revert Retired();
        _retired = true;
        if (!_paused) {
            _paused = true;
            emit PauseChanged(true, msg.sender, "module unregistered");
        }
        emit Retirement(msg.sender);
    }

    /// @inheritdoc IConsortiumGoverned
    function pause(string calldata reason) external {
        _checkRegulator();
        if (_paused) revert PauseUnchanged(true);
        _paused = true;
        emit PauseChanged(true, msg.sender, reason);
    }

    /// @inheritdoc IConsortiumGoverned
    function unpause(string calldata reason) external {
        _checkRegulator();
        if (!_paused) revert PauseUnchanged(false);
        _paused = false;
        emit PauseChanged(false, msg.sender, reason);
    }

    /// @inheritdoc IConsortiumGoverned
    function freeze(address account, string calldata reason) external {
        _checkRegulator();
        uint256 word = _access[account];
        if (word & AccessWord.FROZEN_BIT != 0) revert FreezeUnchanged(account, true);
        _access[account] = word | AccessWord.FROZEN_BIT;
        emit FreezeChanged(account, true, msg.sender, reason);
    }

    /// @inheritdoc IConsortiumGoverned
    function unfreeze(address account, string calldata reason) external {
        _checkRegulator();
        uint256 word = _access[account];
        if (word & AccessWord.FROZEN_BIT == 0) revert FreezeUnchanged(account, false);
        _access[account] = word & ~AccessWord.FROZEN_BIT;
        emit FreezeChanged(account, false, msg.sender, reason);
    }

    /// @inheritdoc IConsortiumGoverned
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @inheritdoc IConsortiumGoverned
    function retired() external view returns (bool) {
        return _retired;
    }

    /// @inheritdoc IConsortiumGoverned
    function isFrozen(address account) external view returns (bool) {
        return _isFrozen(account);
    }

    /// @inheritdoc IConsortiumGoverned
    function hasRole(address account, uint8 role) public view returns (bool) {
        if (role > Roles.MAX_ROLE) return false; // module bits and the freeze flag are no roles
        return _access[account] & (Roles.bit(role) | AccessWord.FROZEN_BIT) == Roles.bit(role);
    }

    /// @inheritdoc IConsortiumGoverned
    function accessWord(address account) external view returns (uint256) {
        return _access[account];
    }

    /// @dev Reverts AccessDenied unless `account` holds `role` here and is not frozen: one SLOAD.
    function _checkRole(uint8 role, address account) internal view {
        if (_access[account] & (Roles.bit(role) | AccessWord.FROZEN_BIT) != Roles.bit(role)) {
            revert AccessDenied(account, role);
        }
    }

    /// @dev Reverts ModulePaused while the regulator has the module paused.
    function _checkNotPaused() internal view {
        if (_paused) revert ModulePaused();
    }

    /// @dev Whether the regulator froze `account` in this module.
    function _isFrozen(address account) internal view returns (bool) {
        return _access[account] & AccessWord.FROZEN_BIT != 0;
    }

    /// @dev Replaces the module-owned bits 128..254 of `account`'s word; roles and freeze stay.
    function _setModuleBits(address account, uint256 bits) internal {
        _access[account] = AccessWord.withModuleFlags(_access[account], bits);
    }

    /// @dev The module flags (bits 128..254, in place) `account` keeps when a push takes its
    /// MEMBER bit away; `word` is its word before the push. None by default: a module that
    /// must remember something across memberships (e.g. a replay nonce) keeps just that, and
    /// emits its own event for what it drops.
    function _moduleFlagsAfterLeaving(address, uint256) internal virtual returns (uint256) {
        return 0;
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
        // Retired: the mirror no longer follows the consortium, so a REGULATOR bit here may be
        // stale and nothing may lift the pause retirement set.
        if (_retired) revert Retired();
        if (msg.sender != consortium) _checkRole(Roles.REGULATOR, msg.sender);
    }
}
