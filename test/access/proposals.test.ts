import { expect } from "chai";
import { MAX_ROLE, ROLES } from "../../lib/access/roles.js";
import {
  BANK,
  CENTRE,
  DAY,
  DEFAULT_RULES,
  GRID,
  MEMBER_BIT,
  NodeState,
  REGULATOR,
  State,
  Status,
  deployConsortium,
  enode,
  ethers,
  executeTx,
  fixture,
  moduleFixture,
  networkHelpers,
  passProposal,
  propose,
  proposeTx,
  randomAddress,
  readyProposal,
  vote,
} from "../kit/consortium.js";

const bit = (role: number) => 1n << BigInt(role);

/** Grid operates four genesis nodes (the maximum); bank operates one. */
async function deployWithNodes() {
  const signers = [1, 2, 3, 4, 5].map(() => randomAddress());
  const f = await deployConsortium(DEFAULT_RULES, {
    nodes: [
      { memberId: GRID, signer: signers[0], enode: enode(1) },
      { memberId: GRID, signer: signers[1], enode: enode(2) },
      { memberId: GRID, signer: signers[2], enode: enode(3) },
      { memberId: GRID, signer: signers[3], enode: enode(4) },
      { memberId: BANK, signer: signers[4], enode: enode(5) },
    ],
  });
  return { ...f, signers };
}
const nodesFixture = () => networkHelpers.loadFixture(deployWithNodes);

/** Fifteen DummyModules registered at genesis besides the token: the maximum of 16. */
async function deployFullOfModules() {
  const f = await deployConsortium(DEFAULT_RULES, { seal: false });
  const at = await f.consortium.getAddress();
  for (let i = 0; i < 15; i++) {
    const m = await ethers.deployContract("DummyModule", [at]);
    await f.consortium.registerGenesisModule(await m.getAddress());
  }
  await f.consortium.sealGenesis();
  return f;
}
const fullOfModulesFixture = () => networkHelpers.loadFixture(deployFullOfModules);

describe("access: proposal kinds", () => {
  describe("AdmitMember", () => {
    it("[ACC-14] admits an active member with its admin account, emits MemberAdmitted and AccountAdded, and pushes MEMBER", async () => {
      const { consortium, token, grid, bank, centre, others } = await fixture();
      const admin = others[0].address;
      const id = await readyProposal(consortium, [grid, bank, centre], "AdmitMember", ["Solar Co", admin, 3]);
      await expect(consortium.connect(others[5]).execute(id))
        .to.emit(consortium, "MemberAdmitted")
        .withArgs(5n, "Solar Co", admin, 3n)
        .and.to.emit(consortium, "AccountAdded")
        .withArgs(5n, admin, true, others[5].address)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(admin, MEMBER_BIT);
      const m = await consortium.getMember(5n);
      expect(m.name).to.equal("Solar Co");
      expect(m.status).to.equal(Status.Active);
      expect(m.weight).to.equal(3n);
      expect(m.adminCount).to.equal(1n);
      expect(m.nodeCount).to.equal(0n);
      expect(m.joinedAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(await consortium.memberCount()).to.equal(5n);
      expect(await consortium.memberOf(admin)).to.equal(5n);
      expect(await consortium.isAdmin(admin)).to.equal(true);
      expect(await consortium.accountsOf(5n)).to.deep.equal([admin]);
      expect(await consortium.totalActiveWeight()).to.equal(7n);
      expect(await consortium.accessOf(admin)).to.equal(MEMBER_BIT);
      expect(await token.accessWord(admin)).to.equal(MEMBER_BIT);
      // The new member governs at once.
      await expect(proposeTx(consortium, others[0], "SuspendMember", [BANK])).to.emit(consortium, "ProposalCreated");
    });

    it("[ACC-14] refuses an empty or over-long name (InvalidName)", async () => {
      const { consortium, grid } = await fixture();
      const admin = randomAddress();
      await expect(proposeTx(consortium, grid, "AdmitMember", ["", admin, 1])).to.be.revertedWithCustomError(
        consortium,
        "InvalidName",
      );
      await expect(proposeTx(consortium, grid, "AdmitMember", ["x".repeat(65), admin, 1])).to.be.revertedWithCustomError(
        consortium,
        "InvalidName",
      );
      await expect(proposeTx(consortium, grid, "AdmitMember", ["x".repeat(64), admin, 1])).to.emit(
        consortium,
        "ProposalCreated",
      );
    });

    it("[ACC-14] refuses weight 0 and weight above MAX_WEIGHT (InvalidWeight)", async () => {
      const { consortium, grid } = await fixture();
      const admin = randomAddress();
      expect(await consortium.MAX_WEIGHT()).to.equal(1_000_000n);
      for (const w of [0, 1_000_001, 2 ** 32 - 1]) {
        await expect(proposeTx(consortium, grid, "AdmitMember", ["Solar Co", admin, w]))
          .to.be.revertedWithCustomError(consortium, "InvalidWeight")
          .withArgs(w);
      }
      await expect(proposeTx(consortium, grid, "AdmitMember", ["Solar Co", admin, 1_000_000])).to.emit(
        consortium,
        "ProposalCreated",
      );
    });

    it("[ACC-14] refuses the zero admin (NotAnAccount) and an account of another member (AccountAlreadyMember)", async () => {
      const { consortium, grid, bank } = await fixture();
      await expect(proposeTx(consortium, grid, "AdmitMember", ["Solar Co", ethers.ZeroAddress, 1]))
        .to.be.revertedWithCustomError(consortium, "NotAnAccount")
        .withArgs(ethers.ZeroAddress);
      await expect(proposeTx(consortium, grid, "AdmitMember", ["Solar Co", bank.address, 1]))
        .to.be.revertedWithCustomError(consortium, "AccountAlreadyMember")
        .withArgs(bank.address, BANK);
    });
  });

  describe("SuspendMember / ReinstateMember / ExpelMember", () => {
    it("[ACC-15][ACC-16] SuspendMember sets Suspended, removes its weight and zeroes its accounts in the token", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      await expect(executeTx(consortium, [grid, centre, bank], "SuspendMember", [BANK]))
        .to.emit(consortium, "MemberStatusChanged")
        .withArgs(BANK, Status.Active, Status.Suspended)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(bank.address, 0n);
      expect((await consortium.getMember(BANK)).status).to.equal(Status.Suspended);
      expect(await consortium.totalActiveWeight()).to.equal(3n);
      expect(await consortium.accessOf(bank.address)).to.equal(0n);
      expect(await consortium.hasRole(bank.address, ROLES.TOKEN_ISSUER)).to.equal(false);
      expect(await consortium.grantedRoles(bank.address)).to.equal(bit(ROLES.TOKEN_ISSUER));
      expect(await token.accessWord(bank.address)).to.equal(0n);
    });

    it("[ACC-15] SuspendMember refuses unknown ids and members that are not active", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      for (const id of [0n, 5n]) {
        await expect(proposeTx(consortium, grid, "SuspendMember", [id]))
          .to.be.revertedWithCustomError(consortium, "UnknownMember")
          .withArgs(id);
      }
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "SuspendMember", [REGULATOR]))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(REGULATOR, Status.Suspended);
      await passProposal(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "SuspendMember", [REGULATOR]))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(REGULATOR, Status.Expelled);
    });

    it("[ACC-15][ACC-16] ReinstateMember sets Active, restores its weight and its accounts' roles in the token", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      await passProposal(consortium, [grid, centre, bank], "SuspendMember", [BANK]);
      await expect(executeTx(consortium, [grid, centre], "ReinstateMember", [BANK]))
        .to.emit(consortium, "MemberStatusChanged")
        .withArgs(BANK, Status.Suspended, Status.Active)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(bank.address, MEMBER_BIT | bit(ROLES.TOKEN_ISSUER));
      expect(await consortium.totalActiveWeight()).to.equal(4n);
      expect(await token.accessWord(bank.address)).to.equal(MEMBER_BIT | bit(ROLES.TOKEN_ISSUER));
      expect(await token.hasRole(bank.address, ROLES.TOKEN_ISSUER)).to.equal(true);
    });

    it("[ACC-15] ReinstateMember refuses members that are not suspended (MemberNotSuspended) and unknown ids", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await expect(proposeTx(consortium, grid, "ReinstateMember", [BANK]))
        .to.be.revertedWithCustomError(consortium, "MemberNotSuspended")
        .withArgs(BANK, Status.Active);
      await passProposal(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "ReinstateMember", [REGULATOR]))
        .to.be.revertedWithCustomError(consortium, "MemberNotSuspended")
        .withArgs(REGULATOR, Status.Expelled);
      await expect(proposeTx(consortium, grid, "ReinstateMember", [7n]))
        .to.be.revertedWithCustomError(consortium, "UnknownMember")
        .withArgs(7n);
    });

    it("[ACC-15][ACC-16] ExpelMember sets Expelled for good, removes its weight and zeroes its accounts", async () => {
      const { consortium, token, grid, bank, centre, regulator } = await fixture();
      await expect(executeTx(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]))
        .to.emit(consortium, "MemberStatusChanged")
        .withArgs(REGULATOR, Status.Active, Status.Expelled)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(regulator.address, 0n);
      expect(await consortium.totalActiveWeight()).to.equal(3n);
      expect(await token.accessWord(regulator.address)).to.equal(0n);
      expect(await consortium.accessOf(regulator.address)).to.equal(0n);
      // Its accounts stay bound to it: they cannot join another member.
      await expect(proposeTx(consortium, grid, "AdmitMember", ["Again", regulator.address, 1]))
        .to.be.revertedWithCustomError(consortium, "AccountAlreadyMember")
        .withArgs(regulator.address, REGULATOR);
    });

    it("[ACC-15] ExpelMember of a suspended member keeps the active weight unchanged", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await expect(executeTx(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]))
        .to.emit(consortium, "MemberStatusChanged")
        .withArgs(REGULATOR, Status.Suspended, Status.Expelled);
      expect(await consortium.totalActiveWeight()).to.equal(3n);
    });

    it("[ACC-15] ExpelMember refuses an expelled member (MemberAlreadyExpelled) and unknown ids", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await passProposal(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "ExpelMember", [REGULATOR]))
        .to.be.revertedWithCustomError(consortium, "MemberAlreadyExpelled")
        .withArgs(REGULATOR);
      await expect(proposeTx(consortium, grid, "ExpelMember", [0n]))
        .to.be.revertedWithCustomError(consortium, "UnknownMember")
        .withArgs(0n);
    });

    it("[ACC-15][ACC-18] ExpelMember refuses a member still operating nodes (MemberOperatesNodes) until they are removed", async () => {
      const { consortium, grid, centre, regulator } = await nodesFixture();
      await expect(proposeTx(consortium, grid, "ExpelMember", [BANK]))
        .to.be.revertedWithCustomError(consortium, "MemberOperatesNodes")
        .withArgs(BANK, 1n);
      await passProposal(consortium, [grid, centre, regulator], "RemoveNode", [5n]);
      await expect(proposeTx(consortium, grid, "ExpelMember", [BANK])).to.emit(consortium, "ProposalCreated");
    });

    it("[ACC-15] getMember refuses unknown member ids", async () => {
      const { consortium } = await fixture();
      await expect(consortium.getMember(0n)).to.be.revertedWithCustomError(consortium, "UnknownMember").withArgs(0n);
      await expect(consortium.getMember(5n)).to.be.revertedWithCustomError(consortium, "UnknownMember").withArgs(5n);
    });
  });

  describe("GrantRole / RevokeRole", () => {
    it("[ACC-17] GrantRole emits RoleGranted with the proposal id and pushes the role to the token", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      const id = await readyProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.MARKET_OPERATOR]);
      const word = MEMBER_BIT | bit(ROLES.MARKET_OPERATOR);
      await expect(consortium.execute(id))
        .to.emit(consortium, "RoleGranted")
        .withArgs(centre.address, ROLES.MARKET_OPERATOR, id)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(centre.address, word);
      expect(await consortium.grantedRoles(centre.address)).to.equal(bit(ROLES.MARKET_OPERATOR));
      expect(await consortium.accessOf(centre.address)).to.equal(word);
      expect(await consortium.hasRole(centre.address, ROLES.MARKET_OPERATOR)).to.equal(true);
      expect(await token.accessWord(centre.address)).to.equal(word);
      expect(await token.hasRole(centre.address, ROLES.MARKET_OPERATOR)).to.equal(true);
    });

    it("[ACC-17] the highest grantable role is MAX_ROLE (127)", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      expect(MAX_ROLE).to.equal(127);
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, MAX_ROLE]);
      expect(await token.accessWord(centre.address)).to.equal(MEMBER_BIT | bit(MAX_ROLE));
      expect(await token.hasRole(centre.address, MAX_ROLE)).to.equal(true);
      expect(await token.isFrozen(centre.address)).to.equal(false);
    });

    it("[ACC-17] GrantRole refuses role 0 (implicit MEMBER), module-owned bits 128..254 and 255 (freeze bit) with InvalidRole", async () => {
      const { consortium, grid, centre } = await fixture();
      for (const role of [0, MAX_ROLE + 1, 254, 255]) {
        await expect(proposeTx(consortium, grid, "GrantRole", [centre.address, role]))
          .to.be.revertedWithCustomError(consortium, "InvalidRole")
          .withArgs(role);
      }
    });

    it("[ACC-17] GrantRole refuses a role already granted (RoleAlreadyGranted)", async () => {
      const { consortium, grid, bank } = await fixture();
      await expect(proposeTx(consortium, grid, "GrantRole", [bank.address, ROLES.TOKEN_ISSUER]))
        .to.be.revertedWithCustomError(consortium, "RoleAlreadyGranted")
        .withArgs(bank.address, ROLES.TOKEN_ISSUER);
    });

    it("[ACC-17] GrantRole refuses an account of no member (NotAnAccount) and of a suspended member (MemberNotActive)", async () => {
      const { consortium, grid, bank, centre, regulator, others } = await fixture();
      await expect(proposeTx(consortium, grid, "GrantRole", [others[0].address, ROLES.CONSUMER]))
        .to.be.revertedWithCustomError(consortium, "NotAnAccount")
        .withArgs(others[0].address);
      await expect(proposeTx(consortium, grid, "GrantRole", [ethers.ZeroAddress, ROLES.CONSUMER]))
        .to.be.revertedWithCustomError(consortium, "NotAnAccount")
        .withArgs(ethers.ZeroAddress);
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "GrantRole", [regulator.address, ROLES.AUDITOR]))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(REGULATOR, Status.Suspended);
    });

    it("[ACC-17] RevokeRole emits RoleRevoked with the proposal id and pushes the reduced word", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      const id = await readyProposal(consortium, [grid, bank, centre], "RevokeRole", [bank.address, ROLES.TOKEN_ISSUER]);
      await expect(consortium.execute(id))
        .to.emit(consortium, "RoleRevoked")
        .withArgs(bank.address, ROLES.TOKEN_ISSUER, id)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(bank.address, MEMBER_BIT);
      expect(await consortium.grantedRoles(bank.address)).to.equal(0n);
      expect(await token.hasRole(bank.address, ROLES.TOKEN_ISSUER)).to.equal(false);
    });

    it("[ACC-17] RevokeRole refuses a role not granted (RoleNotGranted) and roles 0, 128 and 255 (InvalidRole)", async () => {
      const { consortium, grid, centre, others } = await fixture();
      await expect(proposeTx(consortium, grid, "RevokeRole", [centre.address, ROLES.MARKET_OPERATOR]))
        .to.be.revertedWithCustomError(consortium, "RoleNotGranted")
        .withArgs(centre.address, ROLES.MARKET_OPERATOR);
      await expect(proposeTx(consortium, grid, "RevokeRole", [others[0].address, ROLES.MARKET_OPERATOR]))
        .to.be.revertedWithCustomError(consortium, "RoleNotGranted")
        .withArgs(others[0].address, ROLES.MARKET_OPERATOR);
      for (const role of [0, MAX_ROLE + 1, 255]) {
        await expect(proposeTx(consortium, grid, "RevokeRole", [centre.address, role]))
          .to.be.revertedWithCustomError(consortium, "InvalidRole")
          .withArgs(role);
      }
    });

    it("[ACC-17] a role of a suspended member's account can still be revoked, and stays revoked on reinstatement", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      await passProposal(consortium, [grid, centre, bank], "SuspendMember", [BANK]);
      await passProposal(consortium, [grid, centre], "RevokeRole", [bank.address, ROLES.TOKEN_ISSUER]);
      await passProposal(consortium, [grid, centre], "ReinstateMember", [BANK]);
      expect(await token.accessWord(bank.address)).to.equal(MEMBER_BIT);
    });
  });

  describe("AdmitNode / RemoveNode", () => {
    it("[ACC-18] AdmitNode records the node and emits NodeAdmitted", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      const signer = randomAddress();
      const url = enode(7, "192.168.1.20:30303");
      await expect(executeTx(consortium, [grid, bank, centre], "AdmitNode", [CENTRE, signer, url]))
        .to.emit(consortium, "NodeAdmitted")
        .withArgs(1n, CENTRE, signer, url);
      const n = await consortium.getNode(1n);
      expect(n.memberId).to.equal(CENTRE);
      expect(n.signer).to.equal(signer);
      expect(n.status).to.equal(NodeState.Admitted);
      expect(n.admittedAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(n.removedAt).to.equal(0n);
      expect(n.enode).to.equal(url);
      expect(await consortium.nodeOfSigner(signer)).to.equal(1n);
      expect(await consortium.nodeCount()).to.equal(1n);
      expect((await consortium.getMember(CENTRE)).nodeCount).to.equal(1n);
    });

    it("[ACC-18] AdmitNode refuses malformed enode URLs (InvalidEnode)", async () => {
      const { consortium, grid } = await fixture();
      const good = enode(1);
      const key = good.slice(8, 136);
      const bad = [
        "",
        `enode://${key}`, // no @host
        `enode://${key.slice(2)}@10.0.0.1:30303`, // key too short: '@' not at 136
        `enodx://${key}@10.0.0.1:30303`, // wrong scheme
        `enode://${key}x10.0.0.1:30303`, // no '@' after the key
        `enode://${key}@${"a".repeat(256 - 137 + 1)}`, // 257 bytes
      ];
      for (const url of bad) {
        await expect(proposeTx(consortium, grid, "AdmitNode", [GRID, randomAddress(), url])).to.be.revertedWithCustomError(
          consortium,
          "InvalidEnode",
        );
      }
      const longest = `enode://${key}@${"a".repeat(256 - 137)}`;
      expect(longest.length).to.equal(256);
      await expect(proposeTx(consortium, grid, "AdmitNode", [GRID, randomAddress(), longest])).to.emit(
        consortium,
        "ProposalCreated",
      );
      await expect(proposeTx(consortium, grid, "AdmitNode", [GRID, randomAddress(), `enode://${key}@`])).to.emit(
        consortium,
        "ProposalCreated",
      );
    });

    it("[ACC-18] AdmitNode refuses the zero signer (NotAnAccount) and a signer already admitted (SignerAlreadyAdmitted)", async () => {
      const { consortium, grid, signers } = await nodesFixture();
      await expect(proposeTx(consortium, grid, "AdmitNode", [CENTRE, ethers.ZeroAddress, enode(9)]))
        .to.be.revertedWithCustomError(consortium, "NotAnAccount")
        .withArgs(ethers.ZeroAddress);
      await expect(proposeTx(consortium, grid, "AdmitNode", [CENTRE, signers[2], enode(9)]))
        .to.be.revertedWithCustomError(consortium, "SignerAlreadyAdmitted")
        .withArgs(signers[2], 3n);
    });

    it("[ACC-18] AdmitNode refuses a fifth node of one member (TooManyNodes)", async () => {
      const { consortium, grid } = await nodesFixture();
      expect(await consortium.MAX_NODES_PER_MEMBER()).to.equal(4n);
      expect((await consortium.getMember(GRID)).nodeCount).to.equal(4n);
      await expect(proposeTx(consortium, grid, "AdmitNode", [GRID, randomAddress(), enode(9)]))
        .to.be.revertedWithCustomError(consortium, "TooManyNodes")
        .withArgs(GRID, 4n);
    });

    it("[ACC-18] AdmitNode refuses unknown members (UnknownMember) and members that are not active (MemberNotActive)", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await expect(proposeTx(consortium, grid, "AdmitNode", [9n, randomAddress(), enode(9)]))
        .to.be.revertedWithCustomError(consortium, "UnknownMember")
        .withArgs(9n);
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "AdmitNode", [REGULATOR, randomAddress(), enode(9)]))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(REGULATOR, Status.Suspended);
    });

    it("[ACC-18] RemoveNode marks the node Removed, frees its signer and emits NodeRemoved", async () => {
      const { consortium, grid, bank, centre, signers } = await nodesFixture();
      await expect(executeTx(consortium, [grid, bank, centre], "RemoveNode", [2n]))
        .to.emit(consortium, "NodeRemoved")
        .withArgs(2n, GRID, signers[1]);
      const n = await consortium.getNode(2n);
      expect(n.status).to.equal(NodeState.Removed);
      expect(n.removedAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(await consortium.nodeOfSigner(signers[1])).to.equal(0n);
      expect((await consortium.getMember(GRID)).nodeCount).to.equal(3n);
      // The slot and the signer are free again.
      await expect(executeTx(consortium, [grid, bank, centre], "AdmitNode", [GRID, signers[1], enode(2)]))
        .to.emit(consortium, "NodeAdmitted")
        .withArgs(6n, GRID, signers[1], enode(2));
    });

    it("[ACC-18] RemoveNode refuses unknown node ids (UnknownNode) and removed nodes (NodeNotAdmitted)", async () => {
      const { consortium, grid, bank, centre } = await nodesFixture();
      for (const id of [0n, 6n]) {
        await expect(proposeTx(consortium, grid, "RemoveNode", [id]))
          .to.be.revertedWithCustomError(consortium, "UnknownNode")
          .withArgs(id);
      }
      await expect(consortium.getNode(6n)).to.be.revertedWithCustomError(consortium, "UnknownNode").withArgs(6n);
      await passProposal(consortium, [grid, bank, centre], "RemoveNode", [1n]);
      await expect(proposeTx(consortium, grid, "RemoveNode", [1n]))
        .to.be.revertedWithCustomError(consortium, "NodeNotAdmitted")
        .withArgs(1n);
    });
  });

  describe("SetVotingRules", () => {
    it("[ACC-19] SetVotingRules replaces the rules and emits VotingRulesChanged", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      const rules = {
        quorumBps: 7500,
        approvalBps: 5001,
        votingPeriod: 1,
        executionDelay: 0,
        executionWindow: 365 * DAY,
        leadingMember: CENTRE,
      };
      await expect(executeTx(consortium, [grid, bank, centre], "SetVotingRules", [rules]))
        .to.emit(consortium, "VotingRulesChanged")
        .withArgs([7500n, 5001n, 1n, 0n, BigInt(365 * DAY), CENTRE]);
      const r = await consortium.rules();
      expect([r.quorumBps, r.approvalBps, r.votingPeriod, r.executionDelay, r.executionWindow, r.leadingMember]).to.deep.equal(
        [7500n, 5001n, 1n, 0n, BigInt(365 * DAY), CENTRE],
      );
    });

    it("[ACC-19] SetVotingRules refuses each out-of-range field with InvalidVotingRules(reason)", async () => {
      const { consortium, grid } = await fixture();
      const year = 365 * DAY;
      const cases: [Partial<typeof DEFAULT_RULES>, string][] = [
        [{ quorumBps: 0 }, "quorumBps must be 1..10000"],
        [{ quorumBps: 10_001 }, "quorumBps must be 1..10000"],
        [{ approvalBps: 5000 }, "approvalBps must be 5001..10000"],
        [{ approvalBps: 10_001 }, "approvalBps must be 5001..10000"],
        [{ votingPeriod: 0 }, "votingPeriod must be 1s..365d"],
        [{ votingPeriod: year + 1 }, "votingPeriod must be 1s..365d"],
        [{ executionDelay: year + 1 }, "executionDelay must be at most 365d"],
        [{ executionWindow: 0 }, "executionWindow must be 1s..365d"],
        [{ executionWindow: year + 1 }, "executionWindow must be 1s..365d"],
      ];
      for (const [change, reason] of cases) {
        await expect(proposeTx(consortium, grid, "SetVotingRules", [{ ...DEFAULT_RULES, ...change }]))
          .to.be.revertedWithCustomError(consortium, "InvalidVotingRules")
          .withArgs(reason);
      }
      // The bounds themselves are accepted.
      const edges = [
        { quorumBps: 1, approvalBps: 10_000, votingPeriod: year, executionDelay: year, executionWindow: 1 },
        { quorumBps: 10_000, approvalBps: 5001, votingPeriod: 1, executionDelay: 0, executionWindow: year },
      ];
      for (const e of edges) {
        await expect(proposeTx(consortium, grid, "SetVotingRules", [{ ...DEFAULT_RULES, ...e }])).to.emit(
          consortium,
          "ProposalCreated",
        );
      }
    });
  });

  describe("SetMemberWeight", () => {
    it("[ACC-20] SetMemberWeight changes the weight and the active total, and emits MemberWeightChanged", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await expect(executeTx(consortium, [grid, bank, centre], "SetMemberWeight", [CENTRE, 1_000_000]))
        .to.emit(consortium, "MemberWeightChanged")
        .withArgs(CENTRE, 1_000_000n);
      expect((await consortium.getMember(CENTRE)).weight).to.equal(1_000_000n);
      expect(await consortium.totalActiveWeight()).to.equal(1_000_003n);
    });

    it("[ACC-20] the weight of a suspended member counts again only once it is reinstated", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await passProposal(consortium, [grid, bank, centre], "SetMemberWeight", [REGULATOR, 10]);
      expect(await consortium.totalActiveWeight()).to.equal(3n);
      await passProposal(consortium, [grid, bank, centre], "ReinstateMember", [REGULATOR]);
      expect(await consortium.totalActiveWeight()).to.equal(13n);
    });

    it("[ACC-20] SetMemberWeight refuses weights above MAX_WEIGHT, expelled members and unknown ids", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      await expect(proposeTx(consortium, grid, "SetMemberWeight", [CENTRE, 1_000_001]))
        .to.be.revertedWithCustomError(consortium, "InvalidWeight")
        .withArgs(1_000_001n);
      await expect(proposeTx(consortium, grid, "SetMemberWeight", [0n, 1]))
        .to.be.revertedWithCustomError(consortium, "UnknownMember")
        .withArgs(0n);
      await passProposal(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]);
      await expect(proposeTx(consortium, grid, "SetMemberWeight", [REGULATOR, 2]))
        .to.be.revertedWithCustomError(consortium, "MemberAlreadyExpelled")
        .withArgs(REGULATOR);
    });
  });

  describe("RegisterModule / UnregisterModule", () => {
    it("[ACC-21] RegisterModule registers a governed contract and emits ModuleRegistered", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      const dummy = await ethers.deployContract("DummyModule", [await consortium.getAddress()]);
      const at = await dummy.getAddress();
      await expect(executeTx(consortium, [grid, bank, centre], "RegisterModule", [at]))
        .to.emit(consortium, "ModuleRegistered")
        .withArgs(at);
      expect(await consortium.isModule(at)).to.equal(true);
      expect(await consortium.modules()).to.deep.equal([await token.getAddress(), at]);
      // From now on every change is pushed to it.
      await expect(executeTx(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.PLATFORM_OPERATOR]))
        .to.emit(dummy, "AccessUpdated")
        .withArgs(centre.address, MEMBER_BIT | bit(ROLES.PLATFORM_OPERATOR));
    });

    it("[ACC-21] RegisterModule refuses an account without code (NotAContract)", async () => {
      const { consortium, grid, others } = await fixture();
      for (const a of [others[0].address, ethers.ZeroAddress]) {
        await expect(proposeTx(consortium, grid, "RegisterModule", [a]))
          .to.be.revertedWithCustomError(consortium, "NotAContract")
          .withArgs(a);
      }
    });

    it("[ACC-21] RegisterModule refuses a contract that does not obey this consortium (ModuleNotGoverned)", async () => {
      const { consortium, grid, others } = await fixture();
      const foreign = await ethers.deployContract("DummyModule", [others[0].address]);
      const noAuthority = await ethers.deployContract("VoteRelay", [await consortium.getAddress()]);
      for (const c of [foreign, noAuthority]) {
        const at = await c.getAddress();
        await expect(proposeTx(consortium, grid, "RegisterModule", [at]))
          .to.be.revertedWithCustomError(consortium, "ModuleNotGoverned")
          .withArgs(at);
      }
    });

    it("[ACC-21] RegisterModule refuses a module already registered (ModuleAlreadyRegistered)", async () => {
      const { consortium, token, grid } = await fixture();
      const at = await token.getAddress();
      await expect(proposeTx(consortium, grid, "RegisterModule", [at]))
        .to.be.revertedWithCustomError(consortium, "ModuleAlreadyRegistered")
        .withArgs(at);
    });

    it("[ACC-21] RegisterModule refuses a seventeenth module (TooManyModules)", async () => {
      const { consortium, grid } = await fullOfModulesFixture();
      expect(await consortium.MAX_MODULES()).to.equal(16n);
      expect((await consortium.modules()).length).to.equal(16);
      const extra = await ethers.deployContract("DummyModule", [await consortium.getAddress()]);
      await expect(proposeTx(consortium, grid, "RegisterModule", [await extra.getAddress()]))
        .to.be.revertedWithCustomError(consortium, "TooManyModules")
        .withArgs(16n);
    });

    it("[ACC-21] every change is pushed to all sixteen modules at once", async () => {
      const { consortium, grid, bank, centre } = await fullOfModulesFixture();
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.AUDITOR]);
      for (const at of await consortium.modules()) {
        const m = await ethers.getContractAt("ConsortiumGoverned", at);
        expect(await m.accessWord(centre.address)).to.equal(MEMBER_BIT | bit(ROLES.AUDITOR));
      }
    });

    it("[ACC-21] UnregisterModule removes the module, emits ModuleUnregistered; it receives no further pushes and cannot return (ModuleRetired)", async () => {
      const { consortium, token, dummy, grid, bank, centre, others } = await moduleFixture();
      const at = await dummy.getAddress();
      await expect(executeTx(consortium, [grid, bank, centre], "UnregisterModule", [at]))
        .to.emit(consortium, "ModuleUnregistered")
        .withArgs(at);
      expect(await consortium.isModule(at)).to.equal(false);
      expect(await consortium.modules()).to.deep.equal([await token.getAddress()]);
      await passProposal(consortium, [grid, bank, centre], "AdmitMember", ["Solar Co", others[0].address, 1]);
      expect(await token.accessWord(others[0].address)).to.equal(MEMBER_BIT);
      expect(await dummy.accessWord(others[0].address)).to.equal(0n);
      // Its mirror is now stale, so it may never come back (ModuleRetired): deploy a fresh instance.
      await expect(proposeTx(consortium, grid, "RegisterModule", [at]))
        .to.be.revertedWithCustomError(consortium, "ModuleRetired")
        .withArgs(at);
    });

    it("[ACC-21] UnregisterModule refuses a module that is not registered (ModuleNotRegistered)", async () => {
      const { consortium, grid } = await fixture();
      const dummy = await ethers.deployContract("DummyModule", [await consortium.getAddress()]);
      const at = await dummy.getAddress();
      await expect(proposeTx(consortium, grid, "UnregisterModule", [at]))
        .to.be.revertedWithCustomError(consortium, "ModuleNotRegistered")
        .withArgs(at);
    });
  });

  describe("CallModule", () => {
    it("[ACC-22][ACC-34] CallModule pauses the token through its pause(string), as the consortium", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      const at = await token.getAddress();
      const data = token.interface.encodeFunctionData("pause", ["incident 42"]);
      await expect(executeTx(consortium, [grid, bank, centre], "CallModule", [at, data]))
        .to.emit(consortium, "ModuleCalled")
        .withArgs(at, data, "0x")
        .and.to.emit(token, "PauseChanged")
        .withArgs(true, await consortium.getAddress(), "incident 42");
      expect(await token.paused()).to.equal(true);
    });

    it("[ACC-22] CallModule records what the module returned and calls it with the consortium as msg.sender", async () => {
      const { consortium, dummy, grid, bank, centre } = await moduleFixture();
      const at = await dummy.getAddress();
      const data = dummy.interface.encodeFunctionData("setValue", [21n]);
      await expect(executeTx(consortium, [grid, bank, centre], "CallModule", [at, data]))
        .to.emit(consortium, "ModuleCalled")
        .withArgs(at, data, ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [42n]));
      expect(await dummy.value()).to.equal(21n);
      expect(await dummy.lastCaller()).to.equal(await consortium.getAddress());
    });

    it("[ACC-22] CallModule refuses a module that is not registered (ModuleNotRegistered), at proposal and at execution", async () => {
      const { consortium, dummy, grid, bank, centre } = await moduleFixture();
      const stranger = await ethers.deployContract("DummyModule", [await consortium.getAddress()]);
      const strangerAt = await stranger.getAddress();
      const data = dummy.interface.encodeFunctionData("setValue", [1n]);
      await expect(proposeTx(consortium, grid, "CallModule", [strangerAt, data]))
        .to.be.revertedWithCustomError(consortium, "ModuleNotRegistered")
        .withArgs(strangerAt);
      const at = await dummy.getAddress();
      const call = await propose(consortium, grid, "CallModule", [at, data]);
      await vote(consortium, call, [grid, bank, centre]);
      await passProposal(consortium, [grid, bank, centre], "UnregisterModule", [at]);
      await expect(consortium.execute(call))
        .to.be.revertedWithCustomError(consortium, "ModuleNotRegistered")
        .withArgs(at);
    });

    it("[ACC-22] CallModule data shorter than a selector is accepted when proposed and fails at execution (ModuleCallFailed)", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      const at = await token.getAddress();
      const id = await readyProposal(consortium, [grid, bank, centre], "CallModule", [at, "0x"]);
      await expect(consortium.execute(id)).to.be.revertedWithCustomError(consortium, "ModuleCallFailed").withArgs(at, "0x");
    });

    it("[ACC-22][ACC-08] a reverting module call fails the execution with ModuleCallFailed(module, reason); it can be retried", async () => {
      const { consortium, dummy, grid, bank, centre } = await moduleFixture();
      const at = await dummy.getAddress();
      const failing = await readyProposal(consortium, [grid, bank, centre], "CallModule", [
        at,
        dummy.interface.encodeFunctionData("fail", [7n]),
      ]);
      const reason = dummy.interface.encodeErrorResult("Refused", [7n]);
      await expect(consortium.execute(failing))
        .to.be.revertedWithCustomError(consortium, "ModuleCallFailed")
        .withArgs(at, reason);
      expect(await consortium.state(failing)).to.equal(State.Ready);

      // A call that fails only because of the module's current state succeeds on a retry.
      const resume = await readyProposal(consortium, [grid, bank, centre], "CallModule", [
        at,
        dummy.interface.encodeFunctionData("unpause", ["resume"]),
      ]);
      await expect(consortium.execute(resume))
        .to.be.revertedWithCustomError(consortium, "ModuleCallFailed")
        .withArgs(at, dummy.interface.encodeErrorResult("PauseUnchanged", [false]));
      const [, , , , regulator] = await ethers.getSigners();
      await dummy.connect(regulator).pause("maintenance");
      await expect(consortium.execute(resume)).to.emit(dummy, "PauseChanged");
      expect(await dummy.paused()).to.equal(false);
      expect(await consortium.state(resume)).to.equal(State.Executed);
    });
  });
});
