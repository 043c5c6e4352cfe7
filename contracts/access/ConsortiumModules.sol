// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IConsortium} from "./IConsortium.sol";
import {IConsortiumGoverned} from "./IConsortiumGoverned.sol";
import {ConsortiumNodes} from "./ConsortiumNodes.sol";

/// @title ConsortiumModules
/// @notice The systems that obey the consortium. Every change of an account's access word is
/// pushed to each registered module, so a module answers a permission question with one SLOAD
/// of its own mirror; governance also calls modules directly (CallModule).
/// @dev Fourth layer of {Consortium}; it carries out the pushes the layers below ask for.
abstract contract ConsortiumModules is ConsortiumNodes {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @inheritdoc IConsortium
    uint256 public constant MAX_MODULES = 16;

    address[] private _modules;
    mapping(address module => bool) private _isModule;
    /// @dev A module once unregistered keeps its last mirror, which would be stale; it may not
    /// come back (deploy a fresh instance instead).
    mapping(address module => bool) private _isRetired;

    /// @inheritdoc IConsortium
    function syncAccess(address module, address[] calldata accounts) external {
        if (!_isModule[module]) revert ModuleNotRegistered(module);
        _pushTo(module, accounts);
    }

    // ================================================================ views

    /// @inheritdoc IConsortium
    function modules() external view returns (address[] memory) {
        return _modules;
    }

    /// @inheritdoc IConsortium
    function isModule(address module) external view returns (bool) {
        return _isModule[module];
    }

    // ================================================================ proposal effects

    /// @dev UnregisterModule: checks, and with `commit` unregisters.
    function _runUnregisterModule(address module, bool commit) internal {
        if (!_isModule[module]) revert ModuleNotRegistered(module);
        if (commit) _unregisterModule(module);
    }

    /// @dev CallModule: checks, and with `commit` calls the module, reverting if it reverts.
    function _runCallModule(address module, bytes memory data, bool commit) internal {
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

    // ================================================================ internals

    function _checkRegisterModule(address module) internal view {
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

    function _registerModule(address module) internal {
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
        // Its mirror stops here, so it must fail closed: paused for good (ACC-52).
        IConsortiumGoverned(module).retire();
    }

    function _pushAccount(address account) internal override {
        address[] memory one = new address[](1);
        one[0] = account;
        _pushAll(one);
    }

    function _pushMember(uint64 id) internal override {
        _pushAll(_accounts[id].values());
    }

    function _pushAll(address[] memory accounts) private {
        for (uint256 m = 0; m < _modules.length; ++m) _pushTo(_modules[m], accounts);
    }

    /// @dev Copies the current access words of `accounts` into `module`'s mirror.
    function _pushTo(address module, address[] memory accounts) internal {
        uint256[] memory words = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) words[i] = accessOf(accounts[i]);
        IConsortiumGoverned(module).applyAccess(accounts, words);
    }
}
