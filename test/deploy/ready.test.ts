import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { loadGenesis, parseGenesis } from "../../lib/access/genesis.js";
import { UserError } from "../../lib/core/errors.js";
import { cleanupDeployments, DEV, ROOT, runCli, startAnvil, tempJson, testDeploymentId, type Anvil } from "../kit/cli.js";
import { ethers, fails, networkHelpers, ok } from "../kit/inprocess.js";

/** The `npx hardhat` commands of the README's first bash block after `marker`, words split, quotes honoured. */
function readmeCommands(readme: string, marker: string): string[][] {
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(marker)))![1]!;
  const lines = block.replace(/\\\n\s*/g, "").split("\n").map((l) => l.trim());
  return lines.filter((l) => l.startsWith("npx hardhat ")).map((l) => (l.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, "")));
}

// localhost.json / hardhat.json: DEV[2] (Jiangsu Power Trading Centre) is the PLATFORM_OPERATOR,
// DEV[7] (member 5, Nanjing University) the CERT_ISSUER, DEV[1] the bank.
const OPERATOR = DEV[2];
const ISSUER = DEV[7];
const BANK = DEV[1];

function localhostJson(): any {
  return JSON.parse(readFileSync(path.join(ROOT, "deploy/parameters/localhost.json"), "utf8"));
}

function refusal(json: unknown): string {
  try {
    parseGenesis(json, "x.json");
  } catch (e) {
    expect(e).to.be.instanceOf(UserError);
    expect((e as Error).message.split("\n")).to.have.length(1);
    return (e as Error).message;
  }
  throw new Error("expected the file to be refused");
}

describe("deploy: the genesis leaves every task usable", function () {
  this.timeout(300_000);

  it("[DEP-30] certificates.ledgerOperator must hold PLATFORM_OPERATOR in grants; pointRates is refused with the way to set rates", async () => {
    expect((await loadGenesis("deploy/parameters/localhost.json")).certificates).to.deep.equal({ ledgerOperator: OPERATOR });
    expect((await loadGenesis("deploy/parameters/hardhat.json")).certificates).to.deep.equal({ ledgerOperator: OPERATOR });
    const none = localhostJson();
    delete none.certificates;
    expect(parseGenesis(none, "x.json").certificates).to.deep.equal({});

    const notOperator = { ...localhostJson(), certificates: { ledgerOperator: BANK } };
    expect(refusal(notOperator)).to.equal(`x.json: certificates.ledgerOperator: ${BANK} is not granted PLATFORM_OPERATOR in grants (only an operator may wire the points ledger, as cert:ledger:set does at genesis)`);
    expect(refusal({ ...localhostJson(), certificates: { ledgerOperator: "0x12" } })).to.match(/^x\.json: certificates\.ledgerOperator: /);
    expect(refusal({ ...localhostJson(), certificates: { ledger: OPERATOR } })).to.equal("x.json: certificates.ledger: unknown field (allowed here: ledgerOperator)");
    expect(refusal({ ...localhostJson(), certificates: { pointRates: { earn: 10, query: 3 } } })).to.match(
      /^x\.json: certificates\.pointRates: rates are set by governance only .*cert:rates:propose --earn N --query N/,
    );
  });

  describe("on anvil, through the CLI", () => {
    let anvil: Anvil;
    let env: Record<string, string>;
    const id = testDeploymentId("ready");
    const dir = mkdtempSync(path.join(tmpdir(), "ready-"));

    before(async () => {
      anvil = await startAnvil();
      env = { LOCALHOST_RPC_URL: anvil.url, CONSORTIUM_DEPLOYMENT_ID: id, CERT_ISSUANCE_JOURNAL: path.join(dir, "journal") };
    });

    after(async () => {
      await anvil?.stop();
      cleanupDeployments([id]);
      rmSync(dir, { recursive: true, force: true });
    });

    it("[DEP-31] after the README's deploy line, cert:grant and cert:points succeed on the README's certificate", async () => {
      const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
      const deployLine = readmeCommands(readme, "A walk-through on a local node").find((c) => c[2] === "deploy")!;
      expect(deployLine.slice(2)).to.deep.equal(["deploy", "--network", "localhost", "--parameters", "deploy/parameters/localhost.json"]);
      const local = (words: string[]) => words.slice(2).filter((w, i, all) => w !== "--network" && all[i - 1] !== "--network");
      const deployed = await runCli([...local(deployLine), "--deployment-id", id, "--json"], env);
      expect(deployed.code, deployed.stderr).to.equal(0);
      const contracts = JSON.parse(deployed.stdout).contracts as Record<string, string>;

      const provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true });
      try {
        const registry = new ethers.Contract(contracts.CertificateRegistry!, ["function ledger() view returns (address)"], provider);
        expect(await registry.getFunction("ledger")()).to.equal(contracts.SharingPoints);
      } finally {
        provider.destroy();
      }

      // The README's type, issuer key and certificate, then what used to fail with NO_LEDGER.
      const walk = readmeCommands(readme, "<!-- walkthrough:certificates").slice(0, 3);
      expect(walk.map((c) => c[2])).to.deep.equal(["cert:type:add", "cert:issuer:set", "cert:issue"]);
      const receipt = path.join(dir, "diploma.json");
      for (const words of walk) {
        const r = await runCli(local(words).map((w) => (w.startsWith("receipts/") ? receipt : w)), env);
        expect(r.code, r.stdout + r.stderr).to.equal(0);
      }
      const grant = await runCli(["cert:grant", "--receipt", receipt, "--grantee", BANK, "--expires", "30d", "--from", ISSUER], env);
      expect(grant.code, grant.stdout + grant.stderr).to.equal(0);
      expect(grant.stdout).to.match(new RegExp(`^${BANK} may see the details of 0x[0-9a-f]{64} until \\S+ \\(grant of member 5\\)$`, "m"));
      const points = await runCli(["cert:points", "--claim", receipt, "--from", ISSUER], env);
      expect(points.code, points.stdout + points.stderr).to.equal(0);
      expect(points.stdout).to.match(/^credited 1 stored certificate\(s\) and 0 of 0 Merkle batch\(es\), each with its receipt: tx 0x[0-9a-f]{64}$/m);
      expect(points.stdout).to.match(/: conserved \(1 movements\)$/m);
    });
  });

  describe("in-process: what an operator and governance set later", () => {
    // A genesis file without the certificates section: the registry starts without a ledger.
    const unwired = () => {
      const g = JSON.parse(readFileSync(path.join(ROOT, "deploy/parameters/hardhat.json"), "utf8"));
      delete g.certificates;
      return tempJson("genesis.json", g);
    };
    const deployUnwired = async () => (await ok("deploy", { parameters: unwired() })).value as { contracts: Record<string, string> };
    const fresh = () => networkHelpers.loadFixture(deployUnwired);

    it("[DEP-32] cert:ledger:set: a non-operator is refused before sending; the operator wires it; again sends nothing", async () => {
      const { contracts } = await fresh();
      const registry = await ethers.getContractAt("CertificateRegistry", contracts.CertificateRegistry!);
      expect(await registry.ledger()).to.equal(ethers.ZeroAddress);
      expect(await fails("cert:points")).to.match(/has no points ledger yet/);
      expect(await fails("cert:ledger:set", { from: DEV[0] })).to.match(new RegExp(`^${DEV[0]} is not an unfrozen PLATFORM_OPERATOR of the certificate registry`));
      expect(await registry.ledger()).to.equal(ethers.ZeroAddress);
      const set = await ok("cert:ledger:set", { from: OPERATOR });
      expect(set.stdout[0]).to.equal(`registry ${contracts.CertificateRegistry} now reports contributions to points ledger ${contracts.SharingPoints}`);
      expect(await registry.ledger()).to.equal(contracts.SharingPoints);
      const again = await ok("cert:ledger:set", { from: DEV[0] });
      expect(again.value.tx).to.equal(null);
      expect(again.stdout[0]).to.match(/already reports to points ledger .*; nothing was sent$/);
      await ok("cert:points");
    });

    it("[DEP-33] cert:rates:propose proposes SharingPoints.setRates as a CallModule; once voted and executed the rates apply; bad input is one line", async () => {
      const { contracts } = await fresh();
      expect(await fails("cert:rates:propose", { earn: "1,5", query: "3" })).to.equal('--earn: "1,5" is not a whole number of points');
      expect(await fails("cert:rates:propose", { earn: "10" })).to.equal("--query is required (a whole number of points)");
      expect(await fails("cert:rates:propose", { earn: "10", query: "3", from: DEV[5] })).to.match(/is not an admin account of an active member$/);
      const p = await ok("cert:rates:propose", { earn: "10", query: "3" });
      expect(p.stdout[0]).to.equal(`proposal ${p.value.proposal}: set the points rates of ${contracts.SharingPoints} to 10 per certificate contributed, 3 per detail query`);
      const id = String(p.value.proposal);
      for (const from of [DEV[0], DEV[1], DEV[2]]) await ok("access:vote", { id, support: "for", from });
      const c = await ethers.getContractAt("Consortium", contracts.Consortium!);
      const proposal = await c.getProposal(id);
      await networkHelpers.time.increaseTo(proposal.deadline + proposal.rules.executionDelay + 1n);
      await ok("access:execute", { id });
      const points = await ethers.getContractAt("SharingPoints", contracts.SharingPoints!);
      expect([await points.earnRate(), await points.queryCost()]).to.deep.equal([10n, 3n]);
    });
  });
});
