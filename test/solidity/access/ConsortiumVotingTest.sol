// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Consortium} from "../../../contracts/access/Consortium.sol";
import {IConsortium} from "../../../contracts/access/IConsortium.sol";
import {ConsortiumTestBase} from "../utils/ConsortiumTestBase.sol";

/// @title ConsortiumVotingTest
/// @notice Fuzz tests of vote counting, thresholds and the proposal timeline against a
/// reference model computed here (requirement ids ACC-F01..ACC-F04, see
/// docs/requirements/access-solidity.md).
contract ConsortiumVotingTest is ConsortiumTestBase {
    uint256 private constant BPS = 10_000;
    uint8 private constant NONE = uint8(IConsortium.VoteType.None);
    uint8 private constant FOR = uint8(IConsortium.VoteType.For);
    uint8 private constant AGAINST = uint8(IConsortium.VoteType.Against);
    uint8 private constant ABSTAIN = uint8(IConsortium.VoteType.Abstain);

    /// @dev A proposal under test and the reference model of its ballots.
    struct Ctx {
        Consortium c;
        uint256 id;
        uint32[] weights; // each member's current weight (index = member id - 1)
        uint8[] support; // reference ballot: current vote of each member
        uint32[] ballotWeight; // reference ballot: weight recorded when that vote was cast
        uint16 quorumBps;
        uint16 approvalBps;
        uint64 leadingMember;
        uint256 totalWeight; // active weight when the proposal was made
    }

    // ============================================================ reference model

    /// @dev The rule, written from the spec: quorum on participation, approval on For among
    /// For+Against (and at least one For weight), plus the leading member's For when one is set.
    function refPassed(
        uint256 forW,
        uint256 againstW,
        uint256 abstainW,
        uint256 totalWeight,
        uint16 quorumBps,
        uint16 approvalBps,
        bool leaderRequired,
        bool leaderVotedFor
    ) internal pure returns (bool) {
        uint256 participation = forW + againstW + abstainW;
        if (participation * BPS < uint256(quorumBps) * totalWeight) return false;
        if (forW == 0 || forW * BPS < uint256(approvalBps) * (forW + againstW)) return false;
        return !leaderRequired || leaderVotedFor;
    }

    /// @dev Active up to and including the deadline; then Defeated unless passed; then Queued
    /// until deadline + delay, Ready up to and including deadline + delay + window, then Expired.
    function refState(
        uint256 t,
        uint256 deadline,
        uint256 delay,
        uint256 window,
        bool passed
    ) internal pure returns (IConsortium.ProposalState) {
        if (t <= deadline) return IConsortium.ProposalState.Active;
        if (!passed) return IConsortium.ProposalState.Defeated;
        if (t < deadline + delay) return IConsortium.ProposalState.Queued;
        if (t <= deadline + delay + window) return IConsortium.ProposalState.Ready;
        return IConsortium.ProposalState.Expired;
    }

    function refTally(Ctx memory x) internal pure returns (uint256 forW, uint256 againstW, uint256 abstainW) {
        for (uint256 i = 0; i < x.support.length; ++i) {
            if (x.support[i] == FOR) forW += x.ballotWeight[i];
            else if (x.support[i] == AGAINST) againstW += x.ballotWeight[i];
            else if (x.support[i] == ABSTAIN) abstainW += x.ballotWeight[i];
        }
    }

    function refLeaderFor(Ctx memory x) internal pure returns (bool) {
        return x.leadingMember != 0 && x.support[x.leadingMember - 1] == FOR;
    }

    // ============================================================ helpers

    /// @dev A committee of 3..7 members with weights in 1..MAX_WEIGHT.
    function committee(uint256 nSeed, uint32[7] memory weightSeeds) internal pure returns (uint32[] memory weights) {
        uint256 n = bound(nSeed, 3, 7);
        weights = new uint32[](n);
        for (uint256 i = 0; i < n; ++i) weights[i] = uint32(bound(weightSeeds[i], 1, MAX_WEIGHT));
    }

    function sum(uint32[] memory weights) internal pure returns (uint256 s) {
        for (uint256 i = 0; i < weights.length; ++i) s += weights[i];
    }

    function newCtx(
        Consortium c,
        uint256 id,
        uint32[] memory weights,
        IConsortium.VotingRules memory rules
    ) internal view returns (Ctx memory x) {
        x.c = c;
        x.id = id;
        x.weights = weights;
        x.support = new uint8[](weights.length);
        x.ballotWeight = new uint32[](weights.length);
        x.quorumBps = rules.quorumBps;
        x.approvalBps = rules.approvalBps;
        x.leadingMember = rules.leadingMember;
        x.totalWeight = c.getProposal(id).totalWeight;
    }

    /// @dev Harmless proposal used as the subject of voting: grant role 1 to member 1's admin.
    function proposeSubject(Consortium c) internal returns (uint256 id) {
        vm.prank(adminOf(1));
        id = c.propose(IConsortium.ProposalKind.GrantRole, abi.encode(adminOf(1), uint8(1)), "subject");
    }

    /// @dev Decodes `op` into (member, vote) and applies it to both the contract and the model.
    /// Repeating the current vote must revert with AlreadyVoted and change nothing.
    function vote(Ctx memory x, uint8 op) internal {
        uint64 m = uint64(1 + ((op >> 2) % x.weights.length));
        uint8 s = op & 3;
        if (x.support[m - 1] == s) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.AlreadyVoted.selector, x.id, m, s));
            vm.prank(adminOf(m));
            x.c.castVote(x.id, IConsortium.VoteType(s));
            return;
        }
        vm.prank(adminOf(m));
        x.c.castVote(x.id, IConsortium.VoteType(s));
        x.support[m - 1] = s;
        x.ballotWeight[m - 1] = s == NONE ? 0 : x.weights[m - 1];
    }

    /// @dev The contract's tallies, ballots, leader flag and hasPassed equal the model.
    function checkTally(Ctx memory x) internal view {
        IConsortium.Proposal memory p = x.c.getProposal(x.id);
        (uint256 forW, uint256 againstW, uint256 abstainW) = refTally(x);
        assertEq(p.forWeight, forW, "ACC-F01 forWeight");
        assertEq(p.againstWeight, againstW, "ACC-F01 againstWeight");
        assertEq(p.abstainWeight, abstainW, "ACC-F01 abstainWeight");
        uint256 ballotSum;
        for (uint256 i = 0; i < x.support.length; ++i) {
            IConsortium.Ballot memory b = x.c.ballotOf(x.id, uint64(i + 1));
            assertEq(uint256(b.support), x.support[i], "ACC-F02 ballot support");
            assertEq(b.weight, x.ballotWeight[i], "ACC-F02 ballot weight");
            ballotSum += b.weight;
        }
        assertEq(
            uint256(p.forWeight) + p.againstWeight + p.abstainWeight,
            ballotSum,
            "ACC-F02 sum of tallies == sum of current ballot weights"
        );
        bool leaderFor = refLeaderFor(x);
        assertEq(p.leaderApproved, leaderFor, "ACC-F01 leaderApproved");
        bool expected = refPassed(
            forW,
            againstW,
            abstainW,
            x.totalWeight,
            x.quorumBps,
            x.approvalBps,
            x.leadingMember != 0,
            leaderFor
        );
        assertEq(x.c.hasPassed(x.id), expected, "ACC-F01 hasPassed");
    }

    // ============================================================ ACC-F01

    /// @notice Tallies and hasPassed equal the reference for random committees,
    /// weights, rules and vote sequences (including changes and withdrawals).
    function testFuzz_ACC_F01_tallyAndHasPassedMatchReference(
        uint8 nSeed,
        uint32[7] memory weightSeeds,
        uint8[20] memory ops,
        uint16 quorumSeed,
        uint16 approvalSeed,
        uint8 leadSeed
    ) public {
        uint32[] memory weights = committee(nSeed, weightSeeds);
        IConsortium.VotingRules memory rules = rulesOf(
            uint16(bound(quorumSeed, 1, BPS)),
            uint16(bound(approvalSeed, BPS / 2 + 1, BPS)),
            1 days,
            0,
            1 days,
            uint64(leadSeed % (weights.length + 1)) // 0: joint committee
        );
        Consortium c = deployConsortium(weights, rules, noGrants());
        Ctx memory x = newCtx(c, proposeSubject(c), weights, rules);
        assertEq(x.totalWeight, sum(weights), "ACC-F01 totalWeight snapshot");
        assertEq(c.totalActiveWeight(), sum(weights), "ACC-F01 totalActiveWeight");
        checkTally(x);
        for (uint256 i = 0; i < ops.length; ++i) {
            vote(x, ops[i]);
            checkTally(x);
        }
    }

    /// @notice Both thresholds are inclusive (>=), one unit below fails; the leading
    /// member's For is required on top of quorum and approval.
    function test_ACC_F01_thresholdBoundariesAreInclusive() public {
        uint32[] memory weights = new uint32[](4);
        (weights[0], weights[1], weights[2], weights[3]) = (3, 1, 2, 4); // total 10
        // quorum 50% (5 of 10), approval 60% of For+Against.
        IConsortium.VotingRules memory rules = rulesOf(5000, 6000, 1 days, 0, 1 days, 0);
        Consortium c = deployConsortium(weights, rules, noGrants());
        Ctx memory x = newCtx(c, proposeSubject(c), weights, rules);

        vote(x, (3 << 2) | FOR); // member 4 For: 4, participation 4 < 5
        checkTally(x);
        assertFalse(c.hasPassed(x.id), "4/10 participation is below a 50% quorum");
        vote(x, (1 << 2) | ABSTAIN); // member 2 Abstain: participation exactly 5
        checkTally(x);
        assertTrue(c.hasPassed(x.id), "participation exactly at quorum passes");
        vote(x, (1 << 2) | NONE); // withdrawn again
        assertFalse(c.hasPassed(x.id), "withdrawal drops participation below quorum");

        // approval: For 3 (m1) vs Against 2 (m3) -> 3*10000 == 6000*5: exactly at approval
        vote(x, (3 << 2) | NONE);
        vote(x, (0 << 2) | FOR);
        vote(x, (2 << 2) | AGAINST);
        checkTally(x);
        assertTrue(c.hasPassed(x.id), "approval exactly at approvalBps passes");
        vote(x, (1 << 2) | AGAINST); // For 3 vs Against 3: 50% < 60%
        checkTally(x);
        assertFalse(c.hasPassed(x.id), "approval below approvalBps fails");

        // Leading member: same votes, but member 4 leads and must vote For.
        rules.leadingMember = 4;
        c = deployConsortium(weights, rules, noGrants());
        x = newCtx(c, proposeSubject(c), weights, rules);
        vote(x, (0 << 2) | FOR);
        vote(x, (1 << 2) | FOR);
        vote(x, (2 << 2) | FOR); // 6 of 10 For, unanimous among voters
        checkTally(x);
        assertFalse(c.hasPassed(x.id), "without the leading member's For it fails");
        vote(x, (3 << 2) | ABSTAIN);
        assertFalse(c.hasPassed(x.id), "leading member abstaining is not approval");
        vote(x, (3 << 2) | FOR);
        checkTally(x);
        assertTrue(c.hasPassed(x.id), "leading member For passes");
        vote(x, (3 << 2) | NONE);
        checkTally(x);
        assertFalse(c.hasPassed(x.id), "leading member withdrawing removes approval");
    }

    // ============================================================ ACC-F02

    /// @notice Changing or withdrawing a vote never double counts, also when the
    /// member's weight changes (by an executed SetMemberWeight) while the proposal is open:
    /// each ballot keeps the weight it was cast with, and the tallies always equal the sum of
    /// the current ballots.
    function testFuzz_ACC_F02_voteChangesNeverDoubleCount(
        uint8 nSeed,
        uint32[7] memory weightSeeds,
        uint8[10] memory opsBefore,
        uint8[10] memory opsAfter,
        uint8 targetSeed,
        uint32 newWeightSeed
    ) public {
        uint32[] memory weights = committee(nSeed, weightSeeds);
        uint256 n = weights.length;
        IConsortium.VotingRules memory rules = rulesOf(1, 5001, 1 days, 0, 1 days, 0);
        Consortium c = deployConsortium(weights, rules, noGrants());
        uint256 t0 = block.timestamp;

        // Proposal W changes a member's weight; everyone votes For so it will pass.
        uint64 target = uint64(1 + (targetSeed % n));
        uint32 newWeight = uint32(bound(newWeightSeed, 0, MAX_WEIGHT));
        vm.prank(adminOf(1));
        uint256 w = c.propose(IConsortium.ProposalKind.SetMemberWeight, abi.encode(target, newWeight), "weight");
        for (uint64 m = 1; m <= n; ++m) {
            vm.prank(adminOf(m));
            c.castVote(w, IConsortium.VoteType.For);
        }

        // Proposal X is made an hour later, so it is still open when W becomes executable.
        vm.warp(t0 + 1 hours);
        Ctx memory x = newCtx(c, proposeSubject(c), copy(weights), rules);
        for (uint256 i = 0; i < opsBefore.length; ++i) {
            vote(x, opsBefore[i]);
            checkTally(x);
        }

        vm.warp(t0 + 1 days + 1);
        c.execute(w);
        assertEq(c.getMember(target).weight, newWeight, "weight changed by the executed proposal");
        x.weights[target - 1] = newWeight;
        assertEq(uint256(c.state(x.id)), uint256(IConsortium.ProposalState.Active), "X still open");
        checkTally(x); // unchanged by the weight change: ballots keep their weight

        for (uint256 i = 0; i < opsAfter.length; ++i) {
            vote(x, opsAfter[i]);
            checkTally(x);
        }
    }

    function copy(uint32[] memory a) internal pure returns (uint32[] memory b) {
        b = new uint32[](a.length);
        for (uint256 i = 0; i < a.length; ++i) b[i] = a[i];
    }

    // ============================================================ ACC-F03 / ACC-F04

    struct Timeline {
        Consortium c;
        uint256 id;
        uint256 deadline;
        uint256 delay;
        uint256 window;
        bool passed;
    }

    /// @dev A 4-member committee, random timing and thresholds, a proposal with random votes.
    function timeline(
        uint32 periodSeed,
        uint32 delaySeed,
        uint32 windowSeed,
        uint16 quorumSeed,
        uint8[8] memory ops
    ) internal returns (Timeline memory tl) {
        uint32[] memory weights = new uint32[](4);
        (weights[0], weights[1], weights[2], weights[3]) = (4, 3, 2, 1);
        IConsortium.VotingRules memory rules = rulesOf(
            uint16(bound(quorumSeed, 1, BPS)),
            6000,
            uint32(bound(periodSeed, 1, 365 days)),
            uint32(bound(delaySeed, 0, 365 days)),
            uint32(bound(windowSeed, 1, 365 days)),
            0
        );
        tl.c = deployConsortium(weights, rules, noGrants());
        Ctx memory x = newCtx(tl.c, proposeSubject(tl.c), weights, rules);
        for (uint256 i = 0; i < ops.length; ++i) vote(x, ops[i]);
        (uint256 forW, uint256 againstW, uint256 abstainW) = refTally(x);
        tl.passed = refPassed(forW, againstW, abstainW, x.totalWeight, x.quorumBps, x.approvalBps, false, false);
        tl.id = x.id;
        tl.deadline = tl.c.getProposal(x.id).deadline;
        assertEq(tl.deadline, block.timestamp + rules.votingPeriod, "deadline = creation + votingPeriod");
        tl.delay = rules.executionDelay;
        tl.window = rules.executionWindow;
    }

    /// @dev A moment chosen around the timeline's boundaries (or anywhere in it) from a seed.
    function momentOf(Timeline memory tl, uint64 seed) internal view returns (uint256) {
        uint256 readyAt = tl.deadline + tl.delay;
        uint256 closeAt = readyAt + tl.window;
        uint256 mode = seed % 10;
        if (mode == 0) return tl.deadline;
        if (mode == 1) return tl.deadline + 1;
        if (mode == 2) return readyAt - 1;
        if (mode == 3) return readyAt;
        if (mode == 4) return closeAt;
        if (mode == 5) return closeAt + 1;
        return bound(seed >> 4, block.timestamp, closeAt + 2);
    }

    /// @notice The state is a function of time: Active up to and including the
    /// deadline, then Defeated if not passed, else Queued before deadline+delay, Ready up to
    /// and including deadline+delay+window, Expired afterwards.
    function testFuzz_ACC_F03_stateFollowsTimeline(
        uint32 periodSeed,
        uint32 delaySeed,
        uint32 windowSeed,
        uint16 quorumSeed,
        uint8[8] memory ops,
        uint64[6] memory moments
    ) public {
        Timeline memory tl = timeline(periodSeed, delaySeed, windowSeed, quorumSeed, ops);
        assertEq(tl.c.hasPassed(tl.id), tl.passed, "ACC-F01 hasPassed");
        for (uint256 i = 0; i < moments.length; ++i) {
            uint256 t = momentOf(tl, moments[i]);
            vm.warp(t); // the state is a pure function of time, so warping back is fine
            IConsortium.ProposalState expected = refState(t, tl.deadline, tl.delay, tl.window, tl.passed);
            assertEq(uint256(tl.c.state(tl.id)), uint256(expected), "ACC-F03 state");
        }
    }

    /// @notice At a random moment, castVote succeeds only while Active, execute only
    /// while Ready and exactly once (then Executed); cancel only while Active.
    function testFuzz_ACC_F04_actionsFollowState(
        uint32 periodSeed,
        uint32 delaySeed,
        uint32 windowSeed,
        uint16 quorumSeed,
        uint8[8] memory ops,
        uint64 momentSeed
    ) public {
        Timeline memory tl = timeline(periodSeed, delaySeed, windowSeed, quorumSeed, ops);
        uint256 t = momentOf(tl, momentSeed);
        vm.warp(t);
        IConsortium.ProposalState s = refState(t, tl.deadline, tl.delay, tl.window, tl.passed);
        assertEq(uint256(tl.c.state(tl.id)), uint256(s), "ACC-F04 state at the chosen moment");

        // Voting: the smallest member flips its Abstain-or-other vote.
        IConsortium.VoteType next =
            tl.c.ballotOf(tl.id, 4).support == IConsortium.VoteType.Abstain
                ? IConsortium.VoteType.Against
                : IConsortium.VoteType.Abstain;
        if (s != IConsortium.ProposalState.Active) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.ProposalNotActive.selector, tl.id, s));
        }
        vm.prank(adminOf(4));
        tl.c.castVote(tl.id, next);
        if (s == IConsortium.ProposalState.Active) {
            // The vote may have changed the outcome; voting is still open so nothing else to do.
            assertEq(uint256(tl.c.state(tl.id)), uint256(s), "still Active after voting");
        }

        if (s != IConsortium.ProposalState.Ready) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.ProposalNotReady.selector, tl.id, s));
            tl.c.execute(tl.id);
        } else {
            tl.c.execute(tl.id);
            assertEq(tl.c.grantedRoles(adminOf(1)), 2, "effect applied once");
            assertEq(uint256(tl.c.state(tl.id)), uint256(IConsortium.ProposalState.Executed), "Executed");
            vm.expectRevert(
                abi.encodeWithSelector(IConsortium.ProposalNotReady.selector, tl.id, IConsortium.ProposalState.Executed)
            );
            tl.c.execute(tl.id);
        }

        s = tl.c.state(tl.id);
        if (s != IConsortium.ProposalState.Active) {
            vm.expectRevert(abi.encodeWithSelector(IConsortium.ProposalNotActive.selector, tl.id, s));
        }
        vm.prank(adminOf(1));
        tl.c.cancel(tl.id);
        if (s == IConsortium.ProposalState.Active) {
            assertEq(uint256(tl.c.state(tl.id)), uint256(IConsortium.ProposalState.Canceled), "Canceled");
        }
    }
}
