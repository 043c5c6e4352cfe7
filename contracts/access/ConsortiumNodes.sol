// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortium} from "./IConsortium.sol";
import {ConsortiumRoles} from "./ConsortiumRoles.sol";

/// @title ConsortiumNodes
/// @notice The consensus nodes (Clique signers) members run, admitted and removed only by
/// proposals (or at genesis). Node operators follow the NodeAdmitted and NodeRemoved events.
/// @dev Third layer of {Consortium}.
abstract contract ConsortiumNodes is ConsortiumRoles {
    /// @inheritdoc IConsortium
    uint256 public constant MAX_NODES_PER_MEMBER = 4;

    Node[] private _nodes; // node id = index + 1
    /// @inheritdoc IConsortium
    mapping(address signer => uint64) public nodeOfSigner;

    // ================================================================ views

    /// @inheritdoc IConsortium
    function nodeCount() external view returns (uint256) {
        return _nodes.length;
    }

    /// @inheritdoc IConsortium
    function getNode(uint64 nodeId) external view returns (Node memory) {
        if (nodeId == 0 || nodeId > _nodes.length) revert UnknownNode(nodeId);
        return _nodes[nodeId - 1];
    }

    // ================================================================ proposal effects

    /// @dev RemoveNode: checks, and with `commit` removes.
    function _runRemoveNode(uint64 nodeId, bool commit) internal {
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

    // ================================================================ internals

    function _checkAdmitNode(uint64 memberId, address signer, string memory enode) internal view {
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

    function _admitNode(uint64 memberId, address signer, string memory enode) internal {
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
}
