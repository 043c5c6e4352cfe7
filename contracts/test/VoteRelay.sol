// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortium} from "../access/IConsortium.sol";

interface IConsortiumActions {
    function propose(
        IConsortium.ProposalKind kind,
        bytes calldata payload,
        string calldata description
    ) external returns (uint256);

    function castVote(uint256 proposalId, IConsortium.VoteType support) external;

    function cancel(uint256 proposalId) external;

    function addAccount(address account, bool admin) external;
}

/// @title VoteRelay
/// @notice Test-only contract a member admin calls to try to act through it. The consortium
/// authorises msg.sender only, so every relayed call must be refused with NotMemberAdmin(relay, 0).
contract VoteRelay {
    IConsortiumActions private immutable _target;

    constructor(address consortium_) {
        _target = IConsortiumActions(consortium_);
    }

    function relayVote(uint256 proposalId, IConsortium.VoteType support) external {
        _target.castVote(proposalId, support);
    }

    function relayPropose(
        IConsortium.ProposalKind kind,
        bytes calldata payload,
        string calldata description
    ) external returns (uint256) {
        return _target.propose(kind, payload, description);
    }

    function relayCancel(uint256 proposalId) external {
        _target.cancel(proposalId);
    }

    function relayAddAccount(address account, bool admin) external {
        _target.addAccount(account, admin);
    }

    /// @notice Forward any call, bubbling up its revert data unchanged.
    function forward(address to, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory result) = to.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }
}
