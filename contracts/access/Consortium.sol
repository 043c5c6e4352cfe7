// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IConsortium} from "./IConsortium.sol";
import {ConsortiumVoting} from "./ConsortiumVoting.sol";

/// @title Consortium
/// @notice The single authority of a permissioned chain: member organisations and their
/// accounts, the roles those accounts hold, the consensus nodes they run, and the modules
/// (systems) that obey it. After genesis only executed proposals change members, roles,
/// nodes, modules or rules; a member's own admins manage which accounts belong to it.
/// @dev Governance is central but checks are local: every change of an account's access
/// word is pushed to each registered module (at most {MAX_MODULES}), so a module answers a
/// permission question with one SLOAD. The one deployed contract is built in layers, one
/// concern each: {ConsortiumMembers} <- {ConsortiumRoles} <- {ConsortiumNodes} <-
/// {ConsortiumModules} <- {ConsortiumVoting} <- Consortium, which adds genesis. Its whole
/// surface is documented in {IConsortium}.
contract Consortium is ConsortiumVoting {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @inheritdoc IConsortium
    uint256 public constant MAX_GENESIS_ACCOUNTS = 64;

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

    function _checkBootstrapper() private view {
        if (bootstrapper == address(0)) revert GenesisSealedAlready();
        if (msg.sender != bootstrapper) revert NotBootstrapper(msg.sender);
    }
}
