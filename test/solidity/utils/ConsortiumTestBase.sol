// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {WithVm} from "./Vm.sol";
import {Assert} from "./Assert.sol";

/// @title ConsortiumTestBase
/// @notice Shared helpers: input bounding, genesis construction and passing proposals by vote.
abstract contract ConsortiumTestBase is WithVm, Assert {
    uint32 internal constant MAX_WEIGHT = 1_000_000;

    /// @dev Maps `x` into [min, max] (both inclusive) without discarding the fuzz input.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min > max) fail("bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x; // full uint256 range
        return min + (x % size);
    }

    /// @dev The first admin account of genesis member `memberId` (1-based).
    function adminOf(uint256 memberId) internal pure returns (address) {
        return address(uint160(0xA0000 + memberId));
    }

    function rulesOf(
        uint16 quorumBps,
        uint16 approvalBps,
        uint32 votingPeriod,
        uint32 executionDelay,
        uint32 executionWindow,
        uint64 leadingMember
    ) internal pure returns (IConsortium.VotingRules memory) {
        return
            IConsortium.VotingRules({
                quorumBps: quorumBps,
                approvalBps: approvalBps,
                votingPeriod: votingPeriod,
                executionDelay: executionDelay,
                executionWindow: executionWindow,
                leadingMember: leadingMember
            });
    }

    /// @dev One admin per member, `adminOf(i)` for member i, named "Member i".
    function genesisMembers(uint32[] memory weights) internal pure returns (IConsortium.GenesisMember[] memory ms) {
        ms = new IConsortium.GenesisMember[](weights.length);
        for (uint256 i = 0; i < weights.length; ++i) {
            address[] memory admins = new address[](1);
            admins[0] = adminOf(i + 1);
            ms[i] = IConsortium.GenesisMember({
                name: string.concat("Member ", _toString(i + 1)),
                admins: admins,
                weight: weights[i]
            });
        }
    }

    function deployConsortium(
        uint32[] memory weights,
        IConsortium.VotingRules memory rules,
        IConsortium.GenesisGrant[] memory grants
    ) internal returns (Consortium c) {
        c = new Consortium(rules, genesisMembers(weights), grants, new IConsortium.GenesisNode[](0));
    }

    function noGrants() internal pure returns (IConsortium.GenesisGrant[] memory) {
        return new IConsortium.GenesisGrant[](0);
    }

    /// @dev Proposes as `adminOf(proposerMember)`, has the admins of `voters` vote For, waits
    /// until the proposal is Ready and executes it. Returns the proposal id.
    function passProposal(
        Consortium c,
        uint64 proposerMember,
        uint64[] memory voters,
        IConsortium.ProposalKind kind,
        bytes memory payload
    ) internal returns (uint256 id) {
        vm.prank(adminOf(proposerMember));
        id = c.propose(kind, payload, "test");
        for (uint256 i = 0; i < voters.length; ++i) {
            vm.prank(adminOf(voters[i]));
            c.castVote(id, IConsortium.VoteType.For);
        }
        IConsortium.Proposal memory p = c.getProposal(id);
        vm.warp(uint256(p.deadline) + p.rules.executionDelay + 1);
        c.execute(id);
    }

    function ids(uint64 a, uint64 b, uint64 c_) internal pure returns (uint64[] memory out) {
        out = new uint64[](3);
        out[0] = a;
        out[1] = b;
        out[2] = c_;
    }
}
