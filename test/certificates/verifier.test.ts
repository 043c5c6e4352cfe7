import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BrowserProvider } from "ethers";
import hre from "hardhat";
import {
  certFixture,
  context,
  DAY,
  DEGREE,
  eip1193,
  ethers,
  issueBatch,
  issueOne,
  LICENCE,
  MARRIAGE,
  networkHelpers,
  now,
  prepareOne,
  REASON,
  sampleFields,
  TYPE_SPECS,
} from "../kit/certificates.js";
import { runTask } from "../kit/inprocess.js";
import { ROOT } from "../kit/cli.js";
import { encodeTerms, prepare, receiptOf, verifyCertificate, type CertificateReceipt } from "../../lib/certificates/index.js";
import { CERTIFICATE_CONTRACTS, CERTIFICATE_FUTURE_IDS } from "../../lib/certificates/deployment.js";
import { findAddress, rememberDeployment } from "../../lib/core/deployments.js";
import { connect } from "../../lib/core/context.js";

/** A plain ethers provider over the node's EIP-1193 interface: no Hardhat objects involved. */
const plain = () => new BrowserProvider(eip1193);

describe("certificates: verification (one view call, and the lib verifier)", () => {
  it("[CERT-16] the lib verifier answers valid for a stored certificate and a batch receipt, with member, type and dates", async () => {
    const { registry, uniClerk } = await certFixture();
    const addr = await registry.getAddress();
    const { receipt } = await issueOne(registry, uniClerk, DEGREE);
    const a = await verifyCertificate(plain(), addr, receipt);
    expect([a.status, a.valid, a.member, a.typeId]).to.deep.equal(["valid", true, 2, DEGREE]);
    expect(a.why[0]).to.match(/^valid: issued by member 2, type 2, valid from .*no expiry$/);
    const b = await issueBatch(registry, uniClerk, DEGREE, 7);
    for (const i of [0, 3, 6]) {
      const r = await verifyCertificate(plain(), addr, b.receipt(i));
      expect([r.status, r.valid]).to.deep.equal(["valid", true]);
    }
    const byId = await verifyCertificate(plain(), addr, { certificateId: receipt.certificateId });
    expect(byId.status).to.equal("valid");
  });

  it("[CERT-16] it names why a certificate is not valid: revoked, suspended, superseded, expired, not yet valid", async () => {
    const { registry, civilClerk, licClerk } = await certFixture();
    const addr = await registry.getAddress();
    const revoked = await issueOne(registry, civilClerk, MARRIAGE);
    await registry.connect(civilClerk).revoke(revoked.cert.id, REASON.ERROR);
    expect((await verifyCertificate(plain(), addr, revoked.receipt)).why[0]).to.match(/^revoked at block \d+: issued in error$/);
    const suspended = await issueOne(registry, licClerk, LICENCE);
    await registry.connect(licClerk).suspend(suspended.cert.id, REASON.INVESTIGATION);
    expect((await verifyCertificate(plain(), addr, suspended.receipt)).why[0]).to.equal("suspended by member 3, type 3: under investigation");
    const old = await issueOne(registry, civilClerk, MARRIAGE);
    const next = prepareOne(MARRIAGE);
    await registry.connect(civilClerk).supersede(old.cert.id, next.id, encodeTerms({ typeId: MARRIAGE }), REASON.CHANGED);
    const s = await verifyCertificate(plain(), addr, old.receipt);
    expect([s.status, s.successor]).to.deep.equal(["superseded", next.id]);
    expect(s.why[0]).to.equal(`superseded by ${next.id} (data changed (变更))`);
    const t = await now();
    const later = prepareOne(LICENCE, { validFrom: t + DAY, validUntil: t + 2 * DAY });
    await registry.connect(licClerk).issue(later.id, encodeTerms({ typeId: LICENCE, validFrom: later.validFrom, validUntil: later.validUntil }));
    const ctx = await context(registry, LICENCE);
    expect((await verifyCertificate(plain(), addr, receiptOf(later, ctx))).status).to.equal("not-yet-valid");
    await networkHelpers.time.increaseTo(t + 3 * DAY);
    const e = await verifyCertificate(plain(), addr, receiptOf(later, ctx));
    expect(e.status).to.equal("expired");
    expect(e.why[0]).to.match(/^expired on \d{4}-\d\d-\d\dT/);
  });

  it("[CERT-16] it explains unknown: altered document, forged proof, unregistered root, other chain or registry", async () => {
    const { registry, uniClerk } = await certFixture();
    const addr = await registry.getAddress();
    const { receipt } = await issueOne(registry, uniClerk, DEGREE);
    const altered = await verifyCertificate(plain(), addr, { ...receipt, document: { ...receipt.document, degree: "PhD" } });
    expect([altered.status, altered.verdict]).to.deep.equal(["unknown", "altered"]);
    expect(altered.why[0]).to.equal("altered: the document does not match its content digest: it was altered, or its salt is wrong");
    const b = await issueBatch(registry, uniClerk, DEGREE, 9);
    const r = b.receipt(4);
    const forged = await verifyCertificate(plain(), addr, { ...r, placement: { ...r.placement!, proof: b.receipt(5).placement!.proof } });
    expect(forged.why[0]).to.equal("unknown: the proof does not match the batch root");
    const foreign = await verifyCertificate(plain(), addr, { ...r, placement: { ...r.placement!, root: ethers.keccak256("0x07") } });
    expect(foreign.why[0]).to.equal(`unknown: batch root ${ethers.keccak256("0x07")} is not registered here`);
    const otherChain = await verifyCertificate(plain(), addr, { ...receipt, chainId: 1 });
    expect([otherChain.valid, otherChain.why[0]]).to.deep.equal([false, "wrong-chain: the receipt is for chain 1, the provider is on chain 31337"]);
    const missing = await verifyCertificate(plain(), addr, { certificateId: ethers.keccak256("0x01") });
    expect(missing.why[0]).to.equal(`unknown: no certificate ${ethers.keccak256("0x01")} is registered here`);
    // Revoked leaf.
    await registry.connect(uniClerk).revokeLeaf(b.batch.root, 4, 1);
    expect((await verifyCertificate(plain(), addr, r)).why[0]).to.match(new RegExp(`^revoked at block \\d+: issued in error \\(leaf 4 of batch ${b.batch.root}\\)$`));
  });

  describe("against the receipt, one verdict line", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(path.join(tmpdir(), "cert-verifier-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const save = (name: string, value: unknown) => {
      const file = path.join(dir, name);
      writeFileSync(file, typeof value === "string" || value instanceof Uint8Array ? value : JSON.stringify(value));
      return file;
    };
    const named = (t: number) => `type ${t} ("${TYPE_SPECS[t].name}")`;

    it("[CERT-50] the chain's type, issuing member and the type's field list must be the receipt's: a licence clerk's document built as a degree is not valid, and cert:verify exits 1", async () => {
      const { registry, licClerk } = await certFixture();
      const addr = await registry.getAddress();
      // A clerk allowed only licences builds a degree document and anchors it as a licence.
      const degree = prepareOne(DEGREE);
      await registry.connect(licClerk).issue(degree.id, encodeTerms({ typeId: LICENCE }));
      const asDegree = receiptOf(degree, await context(registry, DEGREE));
      const a = await verifyCertificate(plain(), addr, asDegree);
      expect([a.status, a.verdict, a.valid]).to.deep.equal(["valid", "mismatch", false]);
      expect(a.why[0]).to.equal(`mismatch: the registry holds this certificate as ${named(LICENCE)}, the receipt says ${named(DEGREE)}`);
      // The same fields under the licence type's id: the type's field list is not the document's.
      const [fake] = prepare(LICENCE, [{ row: 1, holderId: "320102199001011234", holderKey: ethers.ZeroAddress, validFrom: 0, validUntil: 0, fields: sampleFields(DEGREE) }]);
      await registry.connect(licClerk).issue(fake.id, encodeTerms({ typeId: LICENCE }));
      const b = await verifyCertificate(plain(), addr, receiptOf(fake, await context(registry, LICENCE)));
      expect(b.verdict).to.equal("mismatch");
      expect(b.why[0]).to.equal(
        `mismatch: the document is not a ${named(LICENCE)} document: it lacks companyName, creditCode, legalRepresentative, scope and has name, major, degree, graduatedOn, certificateNo which the type does not`,
      );
      // The member the receipt claims: a true licence, but the receipt says the university issued it.
      const licence = await issueOne(registry, licClerk, LICENCE);
      const claimed = receiptOf(licence.cert, { ...(await context(registry, LICENCE)), member: 2 });
      expect(claimed.issuer).to.deep.equal({ member: 2 });
      const c = await verifyCertificate(plain(), addr, claimed);
      expect([c.verdict, c.why[0]]).to.deep.equal(["mismatch", "mismatch: the certificate was issued by member 3, the receipt says member 2"]);
      const honest = await verifyCertificate(plain(), addr, receiptOf(licence.cert, { ...(await context(registry, LICENCE)), member: 3 }));
      expect([honest.verdict, honest.valid, honest.type?.fields]).to.deep.equal(["valid", true, TYPE_SPECS[LICENCE].fields]);
      // The task: one verdict line first, exit code 1.
      const run = await runTask("cert:verify", { receipt: save("as-degree.json", asDegree) });
      expect(run.ok).to.equal(false);
      expect(run.stdout[0]).to.equal(`certificate ${degree.id}: MISMATCH: the registry holds this certificate as ${named(LICENCE)}, the receipt says ${named(DEGREE)}`);
      expect(run.stderr).to.deep.equal([`error: certificate ${degree.id} is not valid: ${a.why[0]}`]);
      expect(run.result).to.include({ code: "NOT_VALID" });
    });

    it("[CERT-51] [CERT-91] the first line is the verdict and its real cause: a tampered digest is not VALID, an altered batch document blames the document, a revoked or suspended leaf gives its reason", async () => {
      const { registry, uniClerk, licClerk } = await certFixture();
      const addr = await registry.getAddress();
      const { receipt } = await issueOne(registry, uniClerk, DEGREE);
      const tampered = { ...receipt, contentDigest: ethers.keccak256("0x01") };
      const t = await verifyCertificate(plain(), addr, tampered);
      expect([t.status, t.verdict, t.valid]).to.deep.equal(["valid", "altered", false]);
      expect(t.why[0]).to.equal(`altered: the receipt's content digest was changed: its document and holder still give certificate ${receipt.certificateId}`);
      const run = await runTask("cert:verify", { receipt: save("tampered.json", tampered) });
      expect(run.stdout[0]).to.equal(`certificate ${receipt.certificateId}: ALTERED: the receipt's content digest was changed: its document and holder still give certificate ${receipt.certificateId}`);
      expect(run.stdout.join("\n")).to.not.match(/VALID|^\s*valid:/m);
      expect(run.stderr).to.deep.equal([`error: certificate ${receipt.certificateId} is not valid: ${t.why[0]}`]);

      // An altered document in a Merkle batch: the document is the cause, not the proof.
      const b = await issueBatch(registry, uniClerk, DEGREE, 6);
      const r = b.receipt(2);
      const altered = await verifyCertificate(plain(), addr, { ...r, document: { ...r.document, degree: "PhD" } });
      expect(altered.verdict).to.equal("altered");
      expect(altered.why[0]).to.equal("altered: the document does not match its content digest: it was altered, or its salt is wrong");
      expect(altered.why.join("\n")).to.not.contain("proof");

      // Leaves keep two bits, no reason: the reason and block come from the events.
      await registry.connect(uniClerk).revokeLeaf(b.batch.root, 2, REASON.ERROR);
      expect((await verifyCertificate(plain(), addr, r)).why[0]).to.match(new RegExp(`^revoked at block \\d+: issued in error \\(leaf 2 of batch ${b.batch.root}\\)$`));
      await registry.connect(uniClerk).revokeLeaves(b.batch.root, [4, 5], REASON.PENALTY);
      const dense = await verifyCertificate(plain(), addr, b.receipt(5));
      expect(dense.why[0]).to.match(new RegExp(`^revoked at block \\d+: penalty \\(处罚\\) \\(leaf 5 of batch ${b.batch.root}\\)$`));
      // A leaf revoked by masks shows its reason too.
      await registry.connect(uniClerk).revokeLeafMasks(b.batch.root, 0, [1n << 6n], REASON.PENALTY);
      const masked = await verifyCertificate(plain(), addr, b.receipt(3));
      expect(masked.why[0]).to.match(new RegExp(`^revoked at block \\d+: penalty \\(处罚\\) \\(leaf 3 of batch ${b.batch.root}\\)$`));
      const lb = await issueBatch(registry, licClerk, LICENCE, 3);
      await registry.connect(licClerk).suspendLeaf(lb.batch.root, 1, REASON.INVESTIGATION);
      expect((await verifyCertificate(plain(), addr, lb.receipt(1))).why[0]).to.match(/^suspended by member 3, type 3 at block \d+: under investigation$/);
    });

    it("[CERT-53] cert:verify says truthfully where the registry address came from: --registry, the receipt, CERT_REGISTRY_ADDRESS, the journal, this process's deployment", async () => {
      const { registry, uniClerk } = await certFixture();
      const addr = await registry.getAddress();
      const { receipt, cert } = await issueOne(registry, uniClerk, DEGREE);
      const file = save("valid.json", receipt);
      const source = async (args: Record<string, unknown>) => {
        const run = await runTask("cert:verify", args);
        expect(run.ok, run.stderr.join("\n")).to.equal(true);
        expect(run.stdout[0]).to.match(new RegExp(`^certificate ${cert.id}: VALID: issued by member 2, type 2`));
        const json = await runTask("cert:verify", { ...args, json: true });
        expect(JSON.parse(json.stdout.join("\n")).registry.address).to.equal(addr);
        return run.stdout.at(-1)?.trim();
      };
      expect(await source({ receipt: file })).to.equal(`registry ${addr} (from the receipt ${file})`);
      expect(await source({ receipt: file, registry: addr })).to.equal(`registry ${addr} (from --registry)`);
      const saved = { env: process.env.CERT_REGISTRY_ADDRESS, id: process.env.CONSORTIUM_DEPLOYMENT_ID };
      const deploymentId = `test-verifier-${process.pid}`;
      const journal = path.join(ROOT, "deploy/deployments", deploymentId);
      // An in-process deploy of an earlier test file comes before the journal: set it aside.
      const ctx = await connect(hre);
      delete process.env.CERT_REGISTRY_ADDRESS;
      const prior = await findAddress(ctx, CERTIFICATE_CONTRACTS.registry);
      const remembered = prior?.source === "this process's deployment" ? prior.address : "";
      rememberDeployment(ctx, { [CERTIFICATE_FUTURE_IDS.registry]: "" });
      try {
        process.env.CERT_REGISTRY_ADDRESS = addr;
        expect(await source({ id: cert.id })).to.equal(`registry ${addr} (from CERT_REGISTRY_ADDRESS)`);
        delete process.env.CERT_REGISTRY_ADDRESS;
        process.env.CONSORTIUM_DEPLOYMENT_ID = deploymentId;
        mkdirSync(journal, { recursive: true });
        writeFileSync(path.join(journal, "deployed_addresses.json"), JSON.stringify({ [CERTIFICATE_FUTURE_IDS.registry]: addr }));
        expect(await source({ id: cert.id })).to.equal(`registry ${addr} (from the Ignition journal ${path.relative(process.cwd(), journal)})`);
        rememberDeployment(ctx, { [CERTIFICATE_FUTURE_IDS.registry]: addr });
        expect(await source({ id: cert.id })).to.equal(`registry ${addr} (from the deployment made in this process)`);
      } finally {
        rememberDeployment(ctx, { [CERTIFICATE_FUTURE_IDS.registry]: remembered });
        rmSync(journal, { recursive: true, force: true });
        for (const [k, v] of [["CERT_REGISTRY_ADDRESS", saved.env], ["CONSORTIUM_DEPLOYMENT_ID", saved.id]] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      // A receipt naming a registry that is not there: the refusal says it came from the receipt.
      const elsewhere = save("elsewhere.json", { ...receipt, registry: "0x000000000000000000000000000000000000dEaD" } satisfies CertificateReceipt);
      expect((await runTask("cert:verify", { receipt: elsewhere })).stderr).to.deep.equal([
        `error: no contract at 0x000000000000000000000000000000000000dEaD on chain 31337 (from the receipt ${elsewhere}); pass --registry with this chain's CertificateRegistry`,
      ]);
    });

    it("[CERT-54] a receipt file that is not JSON gets one whole line naming the file and the problem", async () => {
      await certFixture();
      const cases: [string, string | Uint8Array, string][] = [
        ["lines.json", "hello\nworld\n", 'is not valid JSON (unexpected "h")'],
        ["cut.json", '{"format": "consortium-certificate-receipt/v1",\n"chainId": ', "is not valid JSON (unexpected end of JSON input)"],
        ["empty.json", "  \n", "is empty"],
        ["qr.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "is a PNG image, not JSON (a QR code? give its scanned text with --qr)"],
        ["blob.bin", new Uint8Array([0x7b, 0x00, 0x01, 0x02, 0x0a, 0x03]), "is a binary file, not JSON"],
      ];
      for (const [name, content, problem] of cases) {
        const file = save(name, content);
        const run = await runTask("cert:verify", { receipt: file });
        expect(run.stderr, name).to.deep.equal([`error: --receipt: ${file} ${problem}`]);
        expect(run.result).to.include({ code: "INVALID_FILE" });
      }
    });
  });
});
