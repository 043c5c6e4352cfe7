import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { encodePayload, kindIndex } from "../../lib/access/proposals.js";
import { ROLES } from "../../lib/access/roles.js";
import {
  BANK,
  CENTRE,
  GRID,
  REGULATOR,
  State,
  Vote,
  ethers,
  executeTx,
  fixture,
  leaderFixture,
  networkHelpers,
  passDeadline,
  passProposal,
  propose,
  proposeTx,
  vote,
  waitUntilReady,
  addAndAccept,
} from "../kit/consortium.js";

describe("access: safety rules", () => {
  describe("a member always keeps an admin", () => {
    it("[ACC-23] the last admin account of a member cannot be removed (LastAdmin)", async () => {
      const { consortium, grid } = await fixture();
      await expect(consortium.connect(grid).removeAccount(grid.address))
        .to.be.revertedWithCustomError(consortium, "LastAdmin")
        .withArgs(GRID, grid.address);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(1n);
    });

    it("[ACC-23] the last admin account of a member cannot be demoted (LastAdmin)", async () => {
      const { consortium, grid } = await fixture();
      await expect(consortium.connect(grid).setAccountAdmin(grid.address, false))
        .to.be.revertedWithCustomError(consortium, "LastAdmin")
        .withArgs(GRID, grid.address);
    });

    it("[ACC-23] with two admins one may be removed or demoted, but then the other is the last", async () => {
      const { consortium, grid, others } = await fixture();
      const second = others[0];
      await addAndAccept(consortium, grid, second.address, true);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(2n);
      await consortium.connect(second).setAccountAdmin(grid.address, false);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(1n);
      await expect(consortium.connect(second).removeAccount(second.address))
        .to.be.revertedWithCustomError(consortium, "LastAdmin")
        .withArgs(GRID, second.address);
      await consortium.connect(second).setAccountAdmin(grid.address, true);
      await expect(consortium.connect(grid).removeAccount(second.address))
        .to.emit(consortium, "AccountRemoved")
        .withArgs(GRID, second.address, grid.address);
      await expect(consortium.connect(grid).setAccountAdmin(grid.address, false))
        .to.be.revertedWithCustomError(consortium, "LastAdmin")
        .withArgs(GRID, grid.address);
    });
  });

  describe("the committee can always decide", () => {
    /** Suspends bank, centre and regulator: grid is left as the only active weight. */
    async function onlyGridLeft() {
      const f = await fixture();
      const { consortium, grid, bank, centre, regulator } = f;
      const all = [grid, bank, centre, regulator];
      const ids = [];
      for (const m of [BANK, CENTRE, REGULATOR]) ids.push(await propose(consortium, grid, "SuspendMember", [m]));
      for (const id of ids) await vote(consortium, id, all);
      await waitUntilReady(consortium, ids[2]);
      for (const id of ids) await consortium.execute(id);
      expect(await consortium.totalActiveWeight()).to.equal(1n);
      return f;
    }

    it("[ACC-24] suspending the last active weight is refused (WouldLeaveNoVoters)", async () => {
      const { consortium, grid } = await onlyGridLeft();
      await expect(proposeTx(consortium, grid, "SuspendMember", [GRID])).to.be.revertedWithCustomError(
        consortium,
        "WouldLeaveNoVoters",
      );
    });

    it("[ACC-24] expelling the last active weight is refused (WouldLeaveNoVoters)", async () => {
      const { consortium, grid } = await onlyGridLeft();
      await expect(proposeTx(consortium, grid, "ExpelMember", [GRID])).to.be.revertedWithCustomError(
        consortium,
        "WouldLeaveNoVoters",
      );
    });

    it("[ACC-24] setting the last active weight to zero is refused (WouldLeaveNoVoters)", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      for (const m of [BANK, CENTRE, REGULATOR]) {
        await passProposal(consortium, [grid, bank, centre], "SetMemberWeight", [m, 0]);
      }
      expect(await consortium.totalActiveWeight()).to.equal(1n);
      await expect(proposeTx(consortium, grid, "SetMemberWeight", [GRID, 0])).to.be.revertedWithCustomError(
        consortium,
        "WouldLeaveNoVoters",
      );
      // Zero-weight members may still be suspended: it takes no weight away.
      await expect(executeTx(consortium, [grid], "SuspendMember", [BANK])).to.emit(consortium, "MemberStatusChanged");
      await expect(proposeTx(consortium, grid, "SuspendMember", [GRID])).to.be.revertedWithCustomError(
        consortium,
        "WouldLeaveNoVoters",
      );
    });

    it("[ACC-24][ACC-02] the check is repeated at execution: of two suspensions of the last two voters only the first runs", async () => {
      const { consortium, grid, bank, centre, regulator } = await fixture();
      await passProposal(consortium, [grid, bank, centre, regulator], "SuspendMember", [BANK]);
      await passProposal(consortium, [grid, centre, regulator], "SuspendMember", [CENTRE]);
      const a = await propose(consortium, grid, "SuspendMember", [GRID]);
      const b = await propose(consortium, grid, "SuspendMember", [REGULATOR]);
      await vote(consortium, a, [grid, regulator]);
      await vote(consortium, b, [grid, regulator]);
      await waitUntilReady(consortium, b);
      await consortium.execute(a);
      await expect(consortium.execute(b)).to.be.revertedWithCustomError(consortium, "WouldLeaveNoVoters");
      expect(await consortium.totalActiveWeight()).to.equal(1n);
    });

    it("[ACC-24][ACC-13] in leading-member mode the leader cannot be removed from the committee (LeadingMemberRequired)", async () => {
      const { consortium, bank } = await leaderFixture();
      await expect(proposeTx(consortium, bank, "SuspendMember", [GRID]))
        .to.be.revertedWithCustomError(consortium, "LeadingMemberRequired")
        .withArgs(GRID);
      await expect(proposeTx(consortium, bank, "ExpelMember", [GRID]))
        .to.be.revertedWithCustomError(consortium, "LeadingMemberRequired")
        .withArgs(GRID);
      await expect(proposeTx(consortium, bank, "SetMemberWeight", [GRID, 0]))
        .to.be.revertedWithCustomError(consortium, "LeadingMemberRequired")
        .withArgs(GRID);
    });
  });

  describe("adding and removing need the same threshold", () => {
    // Each case: who votes For and Against on both an AdmitMember and an ExpelMember proposal.
    const cases = [
      { name: "2 For, 1 Against (approval exactly at 2/3)", forV: 2, againstV: 1, passes: true },
      { name: "2 For, 2 Against (approval just below 2/3)", forV: 2, againstV: 2, passes: false },
      { name: "2 For alone (quorum exactly 50%)", forV: 2, againstV: 0, passes: true },
      { name: "1 For alone (quorum just below 50%)", forV: 1, againstV: 0, passes: false },
    ];
    for (const c of cases) {
      it(`[ACC-25] admit and expel are decided alike: ${c.name} -> ${c.passes ? "both pass" : "both fail"}`, async () => {
        const { consortium, grid, bank, centre, regulator, others } = await fixture();
        const admit = await propose(consortium, grid, "AdmitMember", ["Solar Co", others[0].address, 1]);
        const expel = await propose(consortium, grid, "ExpelMember", [CENTRE]);
        const a = await consortium.getProposal(admit);
        const e = await consortium.getProposal(expel);
        expect(a.rules).to.deep.equal(e.rules);
        expect(a.totalWeight).to.equal(e.totalWeight);
        const voters = [grid, bank, regulator, centre];
        const forV = voters.slice(0, c.forV);
        const againstV = voters.slice(c.forV, c.forV + c.againstV);
        for (const id of [admit, expel]) {
          await vote(consortium, id, forV, Vote.For);
          await vote(consortium, id, againstV, Vote.Against);
        }
        await passDeadline(consortium, expel);
        const expected = c.passes ? State.Queued : State.Defeated;
        expect(await consortium.state(admit)).to.equal(expected);
        expect(await consortium.state(expel)).to.equal(expected);
        if (c.passes) {
          await networkHelpers.time.increase(e.rules.executionDelay);
          await expect(consortium.execute(admit)).to.emit(consortium, "MemberAdmitted");
          await expect(consortium.execute(expel)).to.emit(consortium, "MemberStatusChanged");
        }
      });
    }
  });

  describe("nothing authorises by tx.origin", () => {
    it("[ACC-26] a relay contract called by a member admin cannot vote, propose, cancel or add accounts for it (NotMemberAdmin(relay, 0))", async () => {
      const { consortium, grid, others } = await fixture();
      const relay = await ethers.deployContract("VoteRelay", [await consortium.getAddress()]);
      const relayAt = await relay.getAddress();
      const id = await propose(consortium, grid, "GrantRole", [grid.address, 5]);
      // grid is tx.origin of every call below.
      await expect(relay.connect(grid).relayVote(id, Vote.For))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(relayAt, 0n);
      await expect(
        relay.connect(grid).relayPropose(kindIndex("SuspendMember"), encodePayload("SuspendMember", [BANK]), "relayed"),
      )
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(relayAt, 0n);
      await expect(relay.connect(grid).relayCancel(id))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(relayAt, 0n);
      await expect(relay.connect(grid).relayAddAccount(others[0].address, true))
        .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
        .withArgs(relayAt, 0n);
      expect((await consortium.getProposal(id)).forWeight).to.equal(0n);
      expect(await consortium.proposalCount()).to.equal(1n);
    });

    it("[ACC-26] a module's role check follows msg.sender: the regulator cannot pause the token through a relay", async () => {
      const { consortium, token, regulator } = await fixture();
      const relay = await ethers.deployContract("VoteRelay", [await consortium.getAddress()]);
      const relayAt = await relay.getAddress();
      const data = token.interface.encodeFunctionData("pause", ["relayed"]);
      await expect(relay.connect(regulator).forward(await token.getAddress(), data))
        .to.be.revertedWithCustomError(token, "AccessDenied")
        .withArgs(relayAt, ROLES.REGULATOR);
      expect(await token.paused()).to.equal(false);
      // The same call made directly by the regulator works.
      await expect(token.connect(regulator).pause("direct")).to.emit(token, "PauseChanged");
    });

    it("[ACC-26] no contract under contracts/ uses tx.origin outside comments", async () => {
      const root = path.resolve("contracts");
      const files: string[] = [];
      async function walk(dir: string) {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) await walk(full);
          else if (entry.name.endsWith(".sol")) files.push(full);
        }
      }
      await walk(root);
      expect(files.length).to.be.greaterThan(4);
      const offenders: string[] = [];
      for (const f of files) {
        const code = stripComments(await readFile(f, "utf8"));
        if (/\btx\s*\.\s*origin\b/.test(code)) offenders.push(path.relative(process.cwd(), f));
      }
      expect(offenders).to.deep.equal([]);
    });

    it("[ACC-26] the comment stripper used by the scan finds tx.origin in code and ignores it in comments", () => {
      expect(stripComments("// tx.origin\n/* tx.origin */ uint a;")).to.not.match(/tx\.origin/);
      expect(stripComments('require(tx.origin == msg.sender); // ok')).to.match(/tx\.origin/);
      expect(stripComments('string s = "// not a comment"; address a = tx.origin;')).to.match(/tx\.origin/);
    });
  });
});

/** Removes // and /* *\/ comments from Solidity source, leaving string literals intact. */
function stripComments(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '"' || c === "'") {
      const end = findStringEnd(src, i);
      out += src.slice(i, end);
      i = end;
    } else if (c === "/" && next === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end === -1 ? src.length : end + 2;
      out += " ";
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function findStringEnd(src: string, start: number): number {
  const quote = src[start];
  let i = start + 1;
  while (i < src.length && src[i] !== quote) i += src[i] === "\\" ? 2 : 1;
  return i + 1;
}
