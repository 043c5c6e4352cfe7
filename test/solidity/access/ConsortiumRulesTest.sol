// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {IConsortiumErrors} from "../../../contracts/access/IConsortiumErrors.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";

/// @title ConsortiumRulesTest
/// @notice Fuzz tests of VotingRules validation, at genesis and by proposal (ACC-F05, ACC-F06).
contract ConsortiumRulesTest is ConsortiumTestBase {
    uint32 private constant MAX_PERIOD = 365 days;

    /// @dev Five members of weight 1; member 3 is suspended and member 4 has weight 0.
    Consortium internal c;

    function setUp() public {
        uint32[] memory weights = new uint32[](5);
        for (uint256 i = 0; i < 5; ++i) weights[i] = 1;
        c = deployConsortium(weights, rulesOf(5000, 5001, 1 hours, 0, 1 days, 0), noGrants());
        passProposal(c, 1, ids(1, 2, 5), IConsortium.ProposalKind.SuspendMember, abi.encode(uint64(3)));
        passProposal(c, 1, ids(1, 2, 5), IConsortium.ProposalKind.SetMemberWeight, abi.encode(uint64(4), uint32(0)));
        assertEq(uint256(c.getMember(3).status), uint256(IConsortium.MemberStatus.Suspended), "setUp: 3 suspended");
        assertEq(c.getMember(4).weight, 0, "setUp: 4 has weight 0");
    }

    // ============================================================ reference

    /// @dev The first violated range, in the order the rules are documented; "" when valid.
    function expectedReason(IConsortium.VotingRules memory r) internal pure returns (string memory) {
        if (r.quorumBps == 0 || r.quorumBps > 10_000) return "quorumBps must be 1..10000";
        if (r.approvalBps <= 5_000 || r.approvalBps > 10_000) return "approvalBps must be 5001..10000";
        if (r.votingPeriod == 0 || r.votingPeriod > MAX_PERIOD) return "votingPeriod must be 1s..365d";
        if (r.executionDelay > MAX_PERIOD) return "executionDelay must be at most 365d";
        if (r.executionWindow == 0 || r.executionWindow > MAX_PERIOD) return "executionWindow must be 1s..365d";
        return "";
    }

    /// @dev A value of a field with valid range [lo, hi] inside a type whose maximum is
    /// `typeMax`: raw, in range, on an inside boundary or on an outside boundary.
    function pick(uint256 seed, uint256 lo, uint256 hi, uint256 typeMax) internal pure returns (uint256) {
        uint256 mode = seed % 4;
        uint256 r = seed >> 2;
        if (mode == 0) return bound(r, 0, typeMax);
        if (mode == 1) return bound(r, lo, hi);
        if (mode == 2) return r % 2 == 0 ? lo : hi;
        return outside(r, lo, hi);
    }

    function outside(uint256 r, uint256 lo, uint256 hi) internal pure returns (uint256) {
        if (lo == 0 || r % 2 == 1) return hi + 1;
        return lo - 1;
    }

    function rulesFrom(uint256[5] memory v, uint64 lead) internal pure returns (IConsortium.VotingRules memory) {
        return rulesOf(uint16(v[0]), uint16(v[1]), uint32(v[2]), uint32(v[3]), uint32(v[4]), lead);
    }

    function lows() internal pure returns (uint256[5] memory) {
        return [uint256(1), 5001, 1, 0, 1];
    }

    function highs() internal pure returns (uint256[5] memory) {
        return [uint256(10_000), 10_000, MAX_PERIOD, MAX_PERIOD, MAX_PERIOD];
    }

    function typeMaxes() internal pure returns (uint256[5] memory) {
        return [uint256(type(uint16).max), type(uint16).max, type(uint32).max, type(uint32).max, type(uint32).max];
    }

    /// @dev Genesis with `r` must revert with `reason`, or succeed and store `r` when reason is "".
    function checkGenesis(IConsortium.VotingRules memory r, string memory reason) internal {
        uint32[] memory weights = new uint32[](3);
        (weights[0], weights[1], weights[2]) = (1, 2, 3);
        if (bytes(reason).length != 0) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.InvalidVotingRules.selector, reason));
            deployConsortium(weights, r, noGrants());
        } else {
            Consortium g = deployConsortium(weights, r, noGrants());
            assertRules(g.rules(), r);
        }
    }

    /// @dev A SetVotingRules proposal with `r` must be refused with `reason`, or be accepted,
    /// pass and install `r` when reason is "".
    function checkProposal(IConsortium.VotingRules memory r, string memory reason) internal {
        bytes memory payload = abi.encode(r);
        if (bytes(reason).length != 0) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.InvalidVotingRules.selector, reason));
            vm.prank(adminOf(1));
            c.propose(IConsortium.ProposalKind.SetVotingRules, payload, "rules");
        } else {
            passProposal(c, 1, ids(1, 2, 5), IConsortium.ProposalKind.SetVotingRules, payload);
            assertRules(c.rules(), r);
        }
    }

    function assertRules(IConsortium.VotingRules memory a, IConsortium.VotingRules memory b) internal pure {
        assertEq(a.quorumBps, b.quorumBps, "quorumBps stored");
        assertEq(a.approvalBps, b.approvalBps, "approvalBps stored");
        assertEq(a.votingPeriod, b.votingPeriod, "votingPeriod stored");
        assertEq(a.executionDelay, b.executionDelay, "executionDelay stored");
        assertEq(a.executionWindow, b.executionWindow, "executionWindow stored");
        assertEq(a.leadingMember, b.leadingMember, "leadingMember stored");
    }

    // ============================================================ ACC-F05

    /// @notice ACC-F05: any mix of raw, in-range and boundary values: refused with the first
    /// violated range's InvalidVotingRules reason, or accepted and stored when all are in range.
    function testFuzz_ACC_F05_rulesValidatedAtGenesisAndByProposal(uint256[5] memory seeds) public {
        uint256[5] memory lo = lows();
        uint256[5] memory hi = highs();
        uint256[5] memory tm = typeMaxes();
        uint256[5] memory v;
        for (uint256 i = 0; i < 5; ++i) v[i] = pick(seeds[i], lo[i], hi[i], tm[i]);
        IConsortium.VotingRules memory r = rulesFrom(v, 0);
        string memory reason = expectedReason(r);
        checkGenesis(r, reason);
        checkProposal(r, reason);
    }

    /// @notice ACC-F05: exactly one field out of range (random side and distance): refused
    /// with that field's InvalidVotingRules reason.
    function testFuzz_ACC_F05_outOfRangeFieldRefused(uint8 fieldSeed, uint256 badSeed, uint256[5] memory seeds) public {
        uint256[5] memory lo = lows();
        uint256[5] memory hi = highs();
        uint256[5] memory tm = typeMaxes();
        uint256[5] memory v;
        for (uint256 i = 0; i < 5; ++i) v[i] = bound(seeds[i], lo[i], hi[i]);
        uint256 f = fieldSeed % 5;
        // Below the range (when there is room) or anywhere above it, up to the type's maximum.
        if (lo[f] > 0 && badSeed % 2 == 0) v[f] = bound(badSeed >> 1, 0, lo[f] - 1);
        else v[f] = bound(badSeed >> 1, hi[f] + 1, tm[f]);
        IConsortium.VotingRules memory r = rulesFrom(v, 0);
        string memory reason = expectedReason(r);
        assertTrue(bytes(reason).length != 0, "reference must refuse");
        checkGenesis(r, reason);
        checkProposal(r, reason);
    }

    /// @notice ACC-F05: every in-range VotingRules is accepted at genesis and by proposal.
    function testFuzz_ACC_F05_inRangeRulesAccepted(uint256[5] memory seeds) public {
        uint256[5] memory lo = lows();
        uint256[5] memory hi = highs();
        uint256[5] memory v;
        for (uint256 i = 0; i < 5; ++i) v[i] = bound(seeds[i], lo[i], hi[i]);
        IConsortium.VotingRules memory r = rulesFrom(v, 0);
        checkGenesis(r, "");
        checkProposal(r, "");
    }

    // ============================================================ ACC-F06

    /// @notice ACC-F06: a leading member must exist (UnknownMember), be active and have weight
    /// (LeadingMemberRequired); 0 means no leading member.
    function testFuzz_ACC_F06_leadingMemberValidated(uint64 leadSeed) public {
        uint64 lead = leadSeed % 4 == 0 ? leadSeed : leadSeed % 8;
        IConsortium.VotingRules memory r = rulesOf(5000, 6000, 1 hours, 0, 1 days, lead);
        bytes memory payload = abi.encode(r);
        if (lead > 5) {
            vm.expectRevert(abi.encodeWithSelector(IConsortiumErrors.UnknownMember.selector, lead));
        } else if (lead == 3 || lead == 4) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.LeadingMemberRequired.selector, lead));
        }
        vm.prank(adminOf(1));
        c.propose(IConsortium.ProposalKind.SetVotingRules, payload, "lead");

        // At genesis all three members are active with weight, so only an unknown id fails.
        uint32[] memory weights = new uint32[](3);
        (weights[0], weights[1], weights[2]) = (1, 2, 3);
        if (lead > 3) vm.expectRevert(abi.encodeWithSelector(IConsortiumErrors.UnknownMember.selector, lead));
        deployConsortium(weights, r, noGrants());
    }

    /// @notice ACC-F06: once set, the leading member cannot be suspended, expelled or zeroed.
    function test_ACC_F06_leadingMemberCannotBeSuspendedExpelledOrZeroed() public {
        passProposal(
            c,
            1,
            ids(1, 2, 5),
            IConsortium.ProposalKind.SetVotingRules,
            abi.encode(rulesOf(5000, 6000, 1 hours, 0, 1 days, 2))
        );
        assertEq(c.rules().leadingMember, 2, "leading member set");
        IConsortium.ProposalKind[2] memory kinds = [
            IConsortium.ProposalKind.SuspendMember,
            IConsortium.ProposalKind.ExpelMember
        ];
        for (uint256 i = 0; i < 2; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.LeadingMemberRequired.selector, uint64(2)));
            vm.prank(adminOf(1));
            c.propose(kinds[i], abi.encode(uint64(2)), "");
        }
        vm.expectRevert(abi.encodeWithSelector(IConsortium.LeadingMemberRequired.selector, uint64(2)));
        vm.prank(adminOf(1));
        c.propose(IConsortium.ProposalKind.SetMemberWeight, abi.encode(uint64(2), uint32(0)), "");
    }
}
