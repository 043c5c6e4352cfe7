import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import { encodePayload, kindIndex } from "../../lib/access/proposals.js";
import {
  BANK,
  CENTRE,
  DAY,
  DEFAULT_RULES,
  executeTx,
  ethers,
  GRID,
  REGULATOR,
  State,
  Status,
  Vote,
  fixture,
  leaderFixture,
  networkHelpers,
  passDeadline,
  passProposal,
  propose,
  proposeTx,
  readyProposal,
  vote,
  waitUntilReady,
  addAndAccept,
} from "../kit/consortium.js";

const { time } = networkHelpers;

/** A harmless proposal used to exercise the voting machinery. */
async function grantMarketOperator(f: Awaited<ReturnType<typeof fixture>>) {
  return propose(f.consortium, f.grid, "GrantRole", [f.centre.address, ROLES.MARKET_OPERATOR], "grant");
}

describe("access: governance", () => {
  describe("proposing", () => {
    it("[ACC-02] propose records the proposal and emits ProposalCreated with payload, deadline and description", async () => {
      const { consortium, grid, centre } = await fixture();
      const payload = encodePayload("GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      const next = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(next);
      const deadline = BigInt(next + DEFAULT_RULES.votingPeriod);
      await expect(consortium.connect(grid).propose(kindIndex("GrantRole"), payload, "centre runs the market"))
        .to.emit(consortium, "ProposalCreated")
        .withArgs(1n, kindIndex("GrantRole"), GRID, grid.address, deadline, payload, "centre runs the market");
      const p = await consortium.getProposal(1n);
      expect(p.kind).to.equal(BigInt(kindIndex("GrantRole")));
      expect(p.proposerMember).to.equal(GRID);
      expect(p.proposer).to.equal(grid.address);
      expect(p.createdAt).to.equal(BigInt(next));
      expect(p.deadline).to.equal(deadline);
      expect(p.totalWeight).to.equal(4n);
      expect(p.payload).to.equal(payload);
      expect(await consortium.proposalCount()).to.equal(1n);
      expect(await consortium.state(1n)).to.equal(State.Active);
    });

    it("[ACC-02] a proposal whose payload does not decode as its kind is refused", async () => {
      const { consortium, grid } = await fixture();
      await expect(consortium.connect(grid).propose(kindIndex("AdmitMember"), "0x1234", "")).to.be.revert(ethers);
      expect(await consortium.proposalCount()).to.equal(0n);
    });
  });

  describe("deciding", () => {
    it("[ACC-03][ACC-04] quorum reached and approval met: Queued after the deadline, then Ready and executed", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre, others } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank, centre]);
      const p = await consortium.getProposal(id);
      expect(p.forWeight).to.equal(3n);
      expect(await consortium.hasPassed(id)).to.equal(true);
      expect(await consortium.state(id)).to.equal(State.Active);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Queued);
      await waitUntilReady(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Ready);
      await expect(consortium.connect(others[0]).execute(id))
        .to.emit(consortium, "ProposalExecuted")
        .withArgs(id, others[0].address);
      expect(await consortium.state(id)).to.equal(State.Executed);
      expect(await consortium.hasRole(centre.address, ROLES.MARKET_OPERATOR)).to.equal(true);
    });

    it("[ACC-03] quorum missed: one vote of four is below 50% and the proposal is Defeated", async () => {
      const f = await fixture();
      const { consortium, grid } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid]);
      expect(await consortium.hasPassed(id)).to.equal(false);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Defeated);
      await waitUntilReady(consortium, id);
      await expect(consortium.execute(id))
        .to.be.revertedWithCustomError(consortium, "ProposalNotReady")
        .withArgs(id, State.Defeated);
    });

    it("[ACC-03] quorum is met exactly at quorumBps (2 of 4 = 50%) and abstentions count towards it", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const exact = await grantMarketOperator(f);
      await vote(consortium, exact, [grid, bank]);
      const withAbstain = await propose(consortium, grid, "GrantRole", [grid.address, ROLES.GENERATOR]);
      await vote(consortium, withAbstain, [grid]);
      await vote(consortium, withAbstain, [centre], Vote.Abstain);
      const p = await consortium.getProposal(withAbstain);
      expect([p.forWeight, p.againstWeight, p.abstainWeight]).to.deep.equal([1n, 0n, 1n]);
      await passDeadline(consortium, withAbstain);
      expect(await consortium.state(exact)).to.equal(State.Queued);
      expect(await consortium.state(withAbstain)).to.equal(State.Queued);
    });

    it("[ACC-04] approval threshold not met: 2 For against 2 Against (50% < 66.66%) is Defeated", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre, regulator } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank]);
      await vote(consortium, id, [centre, regulator], Vote.Against);
      expect(await consortium.hasPassed(id)).to.equal(false);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Defeated);
    });

    it("[ACC-04] approval is reached at the threshold: 2 For against 1 Against (66.67% >= 66.66%) passes", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank]);
      await vote(consortium, id, [centre], Vote.Against);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Queued);
    });

    it("[ACC-04] a proposal nobody voted For never passes, even with full participation in abstentions", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre, regulator } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank, centre, regulator], Vote.Abstain);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Defeated);
    });

    it("[ACC-05] votes are accepted up to and including the deadline, and refused after it", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid]);
      const { deadline } = await consortium.getProposal(id);
      await time.setNextBlockTimestamp(deadline);
      await consortium.connect(bank).castVote(id, Vote.For);
      expect(await consortium.state(id)).to.equal(State.Active);
      await expect(consortium.connect(centre).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(id, State.Queued);
    });

    it("[ACC-05] voting on a Defeated proposal is refused with ProposalNotActive(id, Defeated)", async () => {
      const f = await fixture();
      const { consortium, bank } = f;
      const id = await grantMarketOperator(f);
      await passDeadline(consortium, id);
      await expect(consortium.connect(bank).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(id, State.Defeated);
    });
  });

  describe("ballots", () => {
    it("[ACC-06] a member cannot vote twice the same way (AlreadyVoted)", async () => {
      const f = await fixture();
      const { consortium, grid } = f;
      const id = await grantMarketOperator(f);
      await expect(consortium.connect(grid).castVote(id, Vote.For))
        .to.emit(consortium, "VoteCast")
        .withArgs(id, GRID, grid.address, Vote.For, 1n);
      await expect(consortium.connect(grid).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "AlreadyVoted")
        .withArgs(id, GRID, Vote.For);
    });

    it("[ACC-06] a second admin account of the same member shares the member's single ballot", async () => {
      const f = await fixture();
      const { consortium, grid, others } = f;
      await addAndAccept(consortium, grid, others[0].address, true);
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid]);
      await expect(consortium.connect(others[0]).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "AlreadyVoted")
        .withArgs(id, GRID, Vote.For);
      await expect(consortium.connect(others[0]).castVote(id, Vote.Against))
        .to.emit(consortium, "VoteCast")
        .withArgs(id, GRID, others[0].address, Vote.Against, 1n);
      const p = await consortium.getProposal(id);
      expect([p.forWeight, p.againstWeight]).to.deep.equal([0n, 1n]);
    });

    it("[ACC-06] a changed vote moves the member's weight between the tallies", async () => {
      const f = await fixture();
      const { consortium, grid, bank } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank]);
      const tallies = async () => {
        const p = await consortium.getProposal(id);
        return [p.forWeight, p.againstWeight, p.abstainWeight];
      };
      expect(await tallies()).to.deep.equal([2n, 0n, 0n]);
      await expect(consortium.connect(bank).castVote(id, Vote.Against))
        .to.emit(consortium, "VoteCast")
        .withArgs(id, BANK, bank.address, Vote.Against, 1n);
      expect(await tallies()).to.deep.equal([1n, 1n, 0n]);
      await consortium.connect(bank).castVote(id, Vote.Abstain);
      expect(await tallies()).to.deep.equal([1n, 0n, 1n]);
      await consortium.connect(bank).castVote(id, Vote.For);
      expect(await tallies()).to.deep.equal([2n, 0n, 0n]);
      const ballot = await consortium.ballotOf(id, BANK);
      expect([ballot.support, ballot.weight]).to.deep.equal([BigInt(Vote.For), 1n]);
    });

    it("[ACC-06] a withdrawn vote (VoteType.None) leaves every tally, and cannot be withdrawn twice", async () => {
      const f = await fixture();
      const { consortium, grid, bank } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank]);
      await expect(consortium.connect(bank).castVote(id, Vote.None))
        .to.emit(consortium, "VoteCast")
        .withArgs(id, BANK, bank.address, Vote.None, 0n);
      const p = await consortium.getProposal(id);
      expect([p.forWeight, p.againstWeight, p.abstainWeight]).to.deep.equal([1n, 0n, 0n]);
      const ballot = await consortium.ballotOf(id, BANK);
      expect([ballot.support, ballot.weight]).to.deep.equal([0n, 0n]);
      await expect(consortium.connect(bank).castVote(id, Vote.None))
        .to.be.revertedWithCustomError(consortium, "AlreadyVoted")
        .withArgs(id, BANK, Vote.None);
      // The withdrawn vote no longer counts: one of four misses the quorum.
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Defeated);
    });

    it("[ACC-06][ACC-12] a changed vote removes the weight it was cast with and adds the member's current weight", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      // Raise grid's weight to 5 while a proposal is open on which grid already voted with weight 1.
      const raise = await readyProposal(consortium, [grid, bank, centre], "SetMemberWeight", [GRID, 5]);
      const open = await propose(consortium, bank, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await vote(consortium, open, [grid]);
      await consortium.execute(raise);
      expect((await consortium.getMember(GRID)).weight).to.equal(5n);
      expect((await consortium.getProposal(open)).forWeight).to.equal(1n);
      await expect(consortium.connect(grid).castVote(open, Vote.Against))
        .to.emit(consortium, "VoteCast")
        .withArgs(open, GRID, grid.address, Vote.Against, 5n);
      const p = await consortium.getProposal(open);
      expect([p.forWeight, p.againstWeight]).to.deep.equal([0n, 5n]);
      await consortium.connect(grid).castVote(open, Vote.None);
      const q = await consortium.getProposal(open);
      expect([q.forWeight, q.againstWeight, q.abstainWeight]).to.deep.equal([0n, 0n, 0n]);
    });
  });

  describe("who may act", () => {
    it("[ACC-01] an account that belongs to no member cannot propose, vote or cancel (NotMemberAdmin)", async () => {
      const f = await fixture();
      const { consortium, others } = f;
      const id = await grantMarketOperator(f);
      const outsider = others[0];
      await expect(consortium.connect(outsider).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(outsider.address, 0n);
      await expect(proposeTx(consortium, outsider, "SuspendMember", [BANK]))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(outsider.address, 0n);
      await expect(consortium.connect(outsider).cancel(id))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(outsider.address, 0n);
    });

    it("[ACC-01] a member's non-admin account cannot propose, vote or cancel (NotMemberAdmin)", async () => {
      const f = await fixture();
      const { consortium, grid, others } = f;
      const clerk = others[1];
      await addAndAccept(consortium, grid, clerk.address, false);
      const id = await grantMarketOperator(f);
      await expect(consortium.connect(clerk).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(clerk.address, GRID);
      await expect(proposeTx(consortium, clerk, "SuspendMember", [BANK]))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(clerk.address, GRID);
      await expect(consortium.connect(clerk).cancel(id))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(clerk.address, GRID);
    });

    it("[ACC-01] an admin of a suspended member cannot vote, propose or cancel (MemberNotActive)", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre, regulator } = f;
      const open = await propose(consortium, bank, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await passProposal(consortium, [grid, centre, regulator], "SuspendMember", [BANK]);
      expect((await consortium.getMember(BANK)).status).to.equal(Status.Suspended);
      const id = await grantMarketOperator(f);
      await expect(consortium.connect(bank).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(BANK, Status.Suspended);
      await expect(proposeTx(consortium, bank, "ReinstateMember", [BANK]))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(BANK, Status.Suspended);
      await expect(consortium.connect(bank).cancel(open))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(BANK, Status.Suspended);
    });

    it("[ACC-01] an admin of an expelled member cannot vote (MemberNotActive)", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre, regulator } = f;
      await passProposal(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]);
      const id = await grantMarketOperator(f);
      await expect(consortium.connect(regulator).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(REGULATOR, Status.Expelled);
    });

    it("[ACC-08] anyone, even an account outside the consortium, may execute a Ready proposal", async () => {
      const { consortium, grid, bank, centre, others } = await fixture();
      const id = await readyProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.AUDITOR]);
      await expect(consortium.connect(others[3]).execute(id))
        .to.emit(consortium, "ProposalExecuted")
        .withArgs(id, others[3].address)
        .and.to.emit(consortium, "RoleGranted")
        .withArgs(centre.address, ROLES.AUDITOR, id);
    });
  });

  describe("execution timing", () => {
    it("[ACC-07] a passed proposal is Queued during the execution delay and cannot be executed before it ends", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank, centre]);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Queued);
      await expect(consortium.execute(id))
        .to.be.revertedWithCustomError(consortium, "ProposalNotReady")
        .withArgs(id, State.Queued);
      const p = await consortium.getProposal(id);
      const readyAt = p.deadline + p.rules.executionDelay;
      await time.increaseTo(readyAt - 2n);
      await expect(consortium.execute(id)) // mined at readyAt - 1
        .to.be.revertedWithCustomError(consortium, "ProposalNotReady")
        .withArgs(id, State.Queued);
      await time.setNextBlockTimestamp(readyAt);
      await expect(consortium.execute(id)).to.emit(consortium, "ProposalExecuted");
    });

    it("[ACC-07] a passed proposal not executed within the window becomes Expired and execute is refused", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank, centre]);
      const p = await consortium.getProposal(id);
      const lastMoment = p.deadline + p.rules.executionDelay + p.rules.executionWindow;
      await time.increaseTo(lastMoment);
      expect(await consortium.state(id)).to.equal(State.Ready);
      await time.increaseTo(lastMoment + 1n);
      expect(await consortium.state(id)).to.equal(State.Expired);
      expect(await consortium.hasPassed(id)).to.equal(true);
      await expect(consortium.execute(id))
        .to.be.revertedWithCustomError(consortium, "ProposalNotReady")
        .withArgs(id, State.Expired);
      expect(await consortium.hasRole(centre.address, ROLES.MARKET_OPERATOR)).to.equal(false);
    });

    it("[ACC-07] a proposal can still be executed in the last second of its window", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank, centre]);
      const p = await consortium.getProposal(id);
      await time.setNextBlockTimestamp(p.deadline + p.rules.executionDelay + p.rules.executionWindow);
      await expect(consortium.execute(id)).to.emit(consortium, "ProposalExecuted");
    });

    it("[ACC-08] a proposal executes once: executing it again is refused with ProposalNotReady(id, Executed)", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      const id = await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.AUDITOR]);
      expect(await consortium.state(id)).to.equal(State.Executed);
      await expect(consortium.execute(id))
        .to.be.revertedWithCustomError(consortium, "ProposalNotReady")
        .withArgs(id, State.Executed);
      await expect(consortium.connect(bank).castVote(id, Vote.Against))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(id, State.Executed);
    });

    it("[ACC-02][ACC-08] the payload is checked again at execution; a failing effect reverts and can be retried in the window", async () => {
      const { consortium, grid, bank, centre, others } = await fixture();
      const newcomer = others[0].address;
      // Two proposals admit the same account; both are valid when proposed.
      const first = await propose(consortium, grid, "AdmitMember", ["Solar Co", newcomer, 1]);
      const second = await propose(consortium, grid, "AdmitMember", ["Wind Co", newcomer, 1]);
      await vote(consortium, first, [grid, bank, centre]);
      await vote(consortium, second, [grid, bank, centre]);
      await waitUntilReady(consortium, second);
      await consortium.execute(first);
      await expect(consortium.execute(second))
        .to.be.revertedWithCustomError(consortium, "AccountAlreadyMember")
        .withArgs(newcomer, 5n);
      expect(await consortium.state(second)).to.equal(State.Ready);
      expect(await consortium.memberCount()).to.equal(5n);
    });
  });

  describe("cancel", () => {
    it("[ACC-09] the proposer cancels an open proposal; it can then be neither voted nor executed", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const id = await grantMarketOperator(f);
      await vote(consortium, id, [grid, bank, centre]);
      await expect(consortium.connect(grid).cancel(id))
        .to.emit(consortium, "ProposalCanceled")
        .withArgs(id, grid.address);
      expect(await consortium.state(id)).to.equal(State.Canceled);
      await expect(consortium.connect(bank).castVote(id, Vote.Against))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(id, State.Canceled);
      await waitUntilReady(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Canceled);
      await expect(consortium.execute(id))
        .to.be.revertedWithCustomError(consortium, "ProposalNotReady")
        .withArgs(id, State.Canceled);
    });

    it("[ACC-09] another admin of the proposing member may cancel; canceling twice is refused", async () => {
      const f = await fixture();
      const { consortium, grid, others } = f;
      await addAndAccept(consortium, grid, others[0].address, true);
      const id = await grantMarketOperator(f);
      await expect(consortium.connect(others[0]).cancel(id))
        .to.emit(consortium, "ProposalCanceled")
        .withArgs(id, others[0].address);
      await expect(consortium.connect(grid).cancel(id))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(id, State.Canceled);
    });

    it("[ACC-09] an admin of another member cannot cancel (NotProposer)", async () => {
      const f = await fixture();
      const { consortium, bank } = f;
      const id = await grantMarketOperator(f);
      await expect(consortium.connect(bank).cancel(id))
        .to.be.revertedWithCustomError(consortium, "NotProposer")
        .withArgs(id, bank.address);
      expect(await consortium.state(id)).to.equal(State.Active);
    });

    it("[ACC-09] a proposal cannot be canceled after its deadline, passed or not", async () => {
      const f = await fixture();
      const { consortium, grid, bank, centre } = f;
      const passed = await grantMarketOperator(f);
      await vote(consortium, passed, [grid, bank, centre]);
      const defeated = await propose(consortium, grid, "GrantRole", [grid.address, ROLES.GENERATOR]);
      await passDeadline(consortium, defeated);
      await expect(consortium.connect(grid).cancel(passed))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(passed, State.Queued);
      await expect(consortium.connect(grid).cancel(defeated))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(defeated, State.Defeated);
      await waitUntilReady(consortium, passed);
      await expect(consortium.connect(grid).cancel(passed))
        .to.be.revertedWithCustomError(consortium, "ProposalNotActive")
        .withArgs(passed, State.Ready);
    });
  });

  describe("unknown proposals", () => {
    it("[ACC-10] ids 0 and past the last proposal are refused everywhere with UnknownProposal", async () => {
      const f = await fixture();
      const { consortium, grid } = f;
      await grantMarketOperator(f);
      for (const id of [0n, 2n, 2n ** 256n - 1n]) {
        await expect(consortium.connect(grid).castVote(id, Vote.For))
          .to.be.revertedWithCustomError(consortium, "UnknownProposal")
          .withArgs(id);
        await expect(consortium.execute(id)).to.be.revertedWithCustomError(consortium, "UnknownProposal").withArgs(id);
        await expect(consortium.connect(grid).cancel(id))
          .to.be.revertedWithCustomError(consortium, "UnknownProposal")
          .withArgs(id);
        await expect(consortium.state(id)).to.be.revertedWithCustomError(consortium, "UnknownProposal").withArgs(id);
        await expect(consortium.getProposal(id))
          .to.be.revertedWithCustomError(consortium, "UnknownProposal")
          .withArgs(id);
        await expect(consortium.hasPassed(id)).to.be.revertedWithCustomError(consortium, "UnknownProposal").withArgs(id);
      }
    });
  });

  describe("rules of a proposal", () => {
    it("[ACC-11] a proposal keeps the rules it was made under when the rules change mid-vote", async () => {
      const { consortium, grid, bank, centre, regulator } = await fixture();
      const strict = {
        quorumBps: 10_000,
        approvalBps: 10_000,
        votingPeriod: 10 * DAY,
        executionDelay: 5 * DAY,
        executionWindow: 2 * DAY,
        leadingMember: 0,
      };
      const change = await readyProposal(consortium, [grid, bank, centre], "SetVotingRules", [strict]);
      // Made under the old rules, decided while the new ones are in force.
      const open = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await consortium.execute(change);
      const now = await consortium.rules();
      expect(now.quorumBps).to.equal(10_000n);
      const after = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.AUDITOR]);

      const o = await consortium.getProposal(open);
      expect(o.rules.quorumBps).to.equal(BigInt(DEFAULT_RULES.quorumBps));
      expect(o.rules.approvalBps).to.equal(BigInt(DEFAULT_RULES.approvalBps));
      expect(o.deadline - o.createdAt).to.equal(BigInt(DEFAULT_RULES.votingPeriod));
      const a = await consortium.getProposal(after);
      expect(a.rules.quorumBps).to.equal(10_000n);
      expect(a.deadline - a.createdAt).to.equal(BigInt(strict.votingPeriod));

      // 2 For and 1 Against: enough under the old rules, not under the new (100% approval).
      for (const id of [open, after]) {
        await vote(consortium, id, [grid, bank]);
        await vote(consortium, id, [regulator], Vote.Against);
      }
      await waitUntilReady(consortium, open);
      expect(await consortium.state(open)).to.equal(State.Ready); // old delay of 1 day, not 5
      await expect(consortium.execute(open)).to.emit(consortium, "RoleGranted");
      await passDeadline(consortium, after);
      expect(await consortium.state(after)).to.equal(State.Defeated);
    });

    it("[ACC-11] a proposal keeps the active weight total of when it was made", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      const suspend = await readyProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      const open = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await consortium.execute(suspend);
      expect(await consortium.totalActiveWeight()).to.equal(3n);
      const after = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.AUDITOR]);
      expect((await consortium.getProposal(open)).totalWeight).to.equal(4n);
      expect((await consortium.getProposal(after)).totalWeight).to.equal(3n);
      // One For: 1/4 misses the 50% quorum of `open`; 2 For: 2/3 reaches it for `after`.
      await vote(consortium, open, [grid]);
      await vote(consortium, after, [grid, bank]);
      await passDeadline(consortium, after);
      expect(await consortium.state(open)).to.equal(State.Defeated);
      expect(await consortium.state(after)).to.equal(State.Queued);
    });
  });

  describe("weighted votes", () => {
    it("[ACC-12] SetMemberWeight changes the outcome of the same vote", async () => {
      const { consortium, grid, bank, centre, regulator } = await fixture();
      const castAndDecide = async () => {
        const id = await propose(consortium, grid, "GrantRole", [grid.address, ROLES.GENERATOR]);
        await vote(consortium, id, [grid]);
        await vote(consortium, id, [bank, centre], Vote.Against);
        await passDeadline(consortium, id);
        return id;
      };
      const before = await castAndDecide();
      expect(await consortium.state(before)).to.equal(State.Defeated); // 1 For, 2 Against

      await expect(executeTx(consortium, [grid, bank, regulator], "SetMemberWeight", [GRID, 5]))
        .to.emit(consortium, "MemberWeightChanged")
        .withArgs(GRID, 5n);
      expect(await consortium.totalActiveWeight()).to.equal(8n);

      const after = await castAndDecide();
      const p = await consortium.getProposal(after);
      expect([p.totalWeight, p.forWeight, p.againstWeight]).to.deep.equal([8n, 5n, 2n]);
      expect(await consortium.state(after)).to.equal(State.Queued); // 5 For, 2 Against: 71%
    });

    it("[ACC-12] a member of weight 0 may vote but its vote weighs nothing", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await passProposal(consortium, [grid, bank, centre], "SetMemberWeight", [CENTRE, 0]);
      expect(await consortium.totalActiveWeight()).to.equal(3n);
      const id = await propose(consortium, grid, "GrantRole", [grid.address, ROLES.GENERATOR]);
      await expect(consortium.connect(centre).castVote(id, Vote.For))
        .to.emit(consortium, "VoteCast")
        .withArgs(id, CENTRE, centre.address, Vote.For, 0n);
      expect((await consortium.getProposal(id)).forWeight).to.equal(0n);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Defeated);
    });
  });

  describe("leading member", () => {
    it("[ACC-13] with a leading member, all other members For is not enough without the leader's For", async () => {
      const f = await leaderFixture();
      const { consortium, bank, centre, regulator } = f;
      expect((await consortium.rules()).leadingMember).to.equal(GRID);
      const id = await propose(consortium, bank, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await vote(consortium, id, [bank, centre, regulator]);
      const p = await consortium.getProposal(id);
      expect([p.forWeight, p.leaderApproved]).to.deep.equal([3n, false]);
      expect(await consortium.hasPassed(id)).to.equal(false);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Defeated);
    });

    it("[ACC-13] with a leading member, the same proposal passes once the leader votes For", async () => {
      const f = await leaderFixture();
      const { consortium, grid, bank, centre, regulator } = f;
      const id = await propose(consortium, bank, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await vote(consortium, id, [bank, centre, regulator]);
      await vote(consortium, id, [grid]);
      expect((await consortium.getProposal(id)).leaderApproved).to.equal(true);
      await waitUntilReady(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Ready);
      await expect(consortium.execute(id)).to.emit(consortium, "RoleGranted");
    });

    it("[ACC-13] the leader's approval follows its latest ballot (changed or withdrawn votes revoke it)", async () => {
      const f = await leaderFixture();
      const { consortium, grid, bank, centre } = f;
      const id = await propose(consortium, bank, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await vote(consortium, id, [bank, centre]);
      await vote(consortium, id, [grid]);
      expect(await consortium.hasPassed(id)).to.equal(true);
      await consortium.connect(grid).castVote(id, Vote.Abstain);
      expect((await consortium.getProposal(id)).leaderApproved).to.equal(false);
      expect(await consortium.hasPassed(id)).to.equal(false);
      await consortium.connect(grid).castVote(id, Vote.For);
      expect(await consortium.hasPassed(id)).to.equal(true);
      await consortium.connect(grid).castVote(id, Vote.None);
      expect((await consortium.getProposal(id)).leaderApproved).to.equal(false);
      await passDeadline(consortium, id);
      expect(await consortium.state(id)).to.equal(State.Defeated);
    });

    it("[ACC-13] the leader's For alone does not replace quorum and approval", async () => {
      const f = await leaderFixture();
      const { consortium, grid, bank, centre } = f;
      const alone = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      await vote(consortium, alone, [grid]);
      const outvoted = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.AUDITOR]);
      await vote(consortium, outvoted, [grid]);
      await vote(consortium, outvoted, [bank, centre], Vote.Against);
      await passDeadline(consortium, outvoted);
      expect(await consortium.state(alone)).to.equal(State.Defeated); // 1/4 < quorum
      expect(await consortium.state(outvoted)).to.equal(State.Defeated); // 1 For, 2 Against
    });

    it("[ACC-13][ACC-24] the leading member cannot be suspended, expelled or given weight 0 (LeadingMemberRequired)", async () => {
      const { consortium, bank } = await leaderFixture();
      for (const kind of ["SuspendMember", "ExpelMember"] as const) {
        await expect(proposeTx(consortium, bank, kind, [GRID]))
          .to.be.revertedWithCustomError(consortium, "LeadingMemberRequired")
          .withArgs(GRID);
      }
      await expect(proposeTx(consortium, bank, "SetMemberWeight", [GRID, 0]))
        .to.be.revertedWithCustomError(consortium, "LeadingMemberRequired")
        .withArgs(GRID);
      // A non-zero weight for the leader is fine.
      await expect(proposeTx(consortium, bank, "SetMemberWeight", [GRID, 2])).to.emit(consortium, "ProposalCreated");
    });

    it("[ACC-13] the leading member can be released by a SetVotingRules vote it approves, and then suspended", async () => {
      const { consortium, grid, bank, centre } = await leaderFixture();
      const rules = { ...DEFAULT_RULES, leadingMember: 0 };
      await passProposal(consortium, [grid, bank, centre], "SetVotingRules", [rules]);
      expect((await consortium.rules()).leadingMember).to.equal(0n);
      await expect(executeTx(consortium, [bank, centre, grid], "SuspendMember", [GRID]))
        .to.emit(consortium, "MemberStatusChanged")
        .withArgs(GRID, Status.Active, Status.Suspended);
    });

    it("[ACC-13] a leading member must exist, be active and have weight (UnknownMember / LeadingMemberRequired)", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await expect(proposeTx(consortium, grid, "SetVotingRules", [{ ...DEFAULT_RULES, leadingMember: 9 }]))
        .to.be.revertedWithCustomError(consortium, "UnknownMember")
        .withArgs(9n);
      await passProposal(consortium, [grid, bank, centre], "SetMemberWeight", [CENTRE, 0]);
      await expect(proposeTx(consortium, grid, "SetVotingRules", [{ ...DEFAULT_RULES, leadingMember: CENTRE }]))
        .to.be.revertedWithCustomError(consortium, "LeadingMemberRequired")
        .withArgs(CENTRE);
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "SetVotingRules", [{ ...DEFAULT_RULES, leadingMember: REGULATOR }]))
        .to.be.revertedWithCustomError(consortium, "LeadingMemberRequired")
        .withArgs(REGULATOR);
      await expect(executeTx(consortium, [grid, bank, centre], "SetVotingRules", [{ ...DEFAULT_RULES, leadingMember: BANK }]))
        .to.emit(consortium, "VotingRulesChanged");
      expect((await consortium.rules()).leadingMember).to.equal(BANK);
    });
  });
});
