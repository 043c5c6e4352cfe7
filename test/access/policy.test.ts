import { expect } from "chai";
import { getAddress } from "ethers";
import {
  BANK,
  deployConsortium,
  DEFAULT_RULES,
  enode,
  executeTx,
  networkHelpers,
  propose,
  randomAddress,
  State,
  Status,
  vote,
  Vote,
  waitUntilReady,
} from "../kit/consortium.js";
import { planNodeSync, readNodeRegistry, type CliqueView, type RegistryNode } from "../../lib/access/nodes.js";
import { ROLES } from "../../lib/access/roles.js";

// Policy answers of issue 10 item 7 on the access side (docs/requirements/policy.md).

const SIGNERS = [randomAddress(), randomAddress(), randomAddress()].map((a) => getAddress(a));

async function withNodes() {
  // Members 1, 2 and 3 run one node each at genesis.
  return deployConsortium(DEFAULT_RULES, {
    nodes: SIGNERS.map((signer, i) => ({ memberId: i + 1, signer, enode: enode(i + 1) })),
  });
}

describe("policy: access", () => {
  it("[POL-03] a ballot cast while the member was active still counts after it is suspended; the suspended member can neither change nor withdraw it", async () => {
    const f = await networkHelpers.loadFixture(withNodes);
    const { consortium, grid, bank, centre, regulator } = f;
    // P1 suspends the bank; P2, made while P1 is still open, is what the bank votes on.
    const p1 = await propose(consortium, grid, "SuspendMember", [BANK]);
    await vote(consortium, p1, [grid, centre, regulator]);
    const start = (await consortium.getProposal(p1)).createdAt;
    await networkHelpers.time.increaseTo(start + BigInt(DEFAULT_RULES.executionDelay) + 10n);
    const p2 = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.AUDITOR]);
    await consortium.connect(bank).castVote(p2, Vote.For);
    await waitUntilReady(consortium, p1);
    expect(await consortium.state(p2)).to.equal(State.Active);
    await consortium.execute(p1);
    expect((await consortium.getMember(BANK)).status).to.equal(Status.Suspended);

    // Counted as cast: the electorate and its weights were fixed when P2 was made.
    expect((await consortium.ballotOf(p2, BANK)).support).to.equal(BigInt(Vote.For));
    expect((await consortium.getProposal(p2)).forWeight).to.equal(1n);
    for (const support of [Vote.Against, Vote.None]) {
      await expect(consortium.connect(bank).castVote(p2, support))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(BANK, Status.Suspended);
    }
    await vote(consortium, p2, [grid]);
    await waitUntilReady(consortium, p2);
    // 2 For of 2 decided, participation 2 of 4 active-at-creation weight: passes with the bank's ballot.
    expect(await consortium.hasPassed(p2)).to.equal(true);
    await consortium.execute(p2);
    expect(await consortium.hasRole(centre.address, ROLES.AUDITOR)).to.equal(true);
  });

  describe("[POL-04] nodes:sync: a suspended member's nodes do not seal", () => {
    const reg = (id: number, signer: string, memberStatus?: RegistryNode["memberStatus"]): RegistryNode => ({
      id,
      memberId: id,
      signer,
      status: "Admitted",
      enode: "",
      memberStatus,
    });
    const view = (signers: string[], proposals: Record<string, boolean> = {}): CliqueView => ({
      head: 100,
      signers,
      proposals,
      tally: {},
      epoch: 30_000,
      epochKnown: true,
    });
    const [A, B, C] = SIGNERS as [string, string, string];

    it("[POL-04] plans to vote out a suspended member's signer, not to vote it in, discards an add vote for it, and votes it in again once reinstated", () => {
      const out = planNodeSync([reg(1, A, "Active"), reg(2, B, "Suspended"), reg(3, C, "Active")], view([A, B, C]));
      expect(out.actions.map((a) => `${a.action} ${a.address}: ${a.reason}`)).to.deep.equal([
        `propose-drop ${B}: node 2's member 2 is Suspended: its nodes do not seal until it is reinstated`,
      ]);
      const notSigner = planNodeSync([reg(1, A), reg(2, B, "Suspended")], view([A], { [B]: true }));
      expect(notSigner.actions.map((a) => `${a.action} ${a.address}: ${a.reason}`)).to.deep.equal([
        `discard ${B}: node 2's member 2 is Suspended: not voted in until it is reinstated`,
      ]);
      const reinstated = planNodeSync([reg(1, A), reg(2, B, "Active")], view([A]));
      expect(reinstated.actions.map((a) => `${a.action} ${a.address}`)).to.deep.equal([`propose-add ${B}`]);
      // Liveness first: if every signer belongs to suspended members, none is voted out.
      const all = planNodeSync([reg(1, A, "Suspended"), reg(2, B, "Suspended")], view([A, B]));
      expect(all.actions).to.deep.equal([]);
      expect(all.warnings[0]).to.match(/^the registry backs none of the 2 current signers/);
    });

    it("[POL-04] readNodeRegistry reports each node's member status, so an executed SuspendMember makes nodes:sync vote the node out", async () => {
      const f = await networkHelpers.loadFixture(withNodes);
      const { consortium, grid, centre, regulator } = f;
      expect((await readNodeRegistry(consortium)).map((n) => n.memberStatus)).to.deep.equal(["Active", "Active", "Active"]);
      await executeTx(consortium, [grid, centre, regulator], "SuspendMember", [BANK]);
      const registry = await readNodeRegistry(consortium);
      expect(registry.map((n) => `${n.status}/${n.memberStatus}`)).to.deep.equal(["Admitted/Active", "Admitted/Suspended", "Admitted/Active"]);
      const plan = planNodeSync(registry, view(SIGNERS));
      expect(plan.actions.map((a) => `${a.action} ${a.address}`)).to.deep.equal([`propose-drop ${SIGNERS[1]}`]);
    });
  });
});
