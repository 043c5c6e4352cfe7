import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transaction } from "ethers";
import { decodeQrPayload, type CertificateReceipt } from "../../lib/certificates/index.js";
import { certFixture, DEGREE, ethers, LICENCE, MARRIAGE, type CertFixture } from "../kit/certificates.js";
import { fails, ok, runTask as run } from "../kit/inprocess.js";

// The cert:* tasks run in-process, as the CLI runs them (the kit's runner: each task's own
// definition supplies the defaults of the options a test leaves out).

let dir: string;
let f: CertFixture;
let registry: string;

function write(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

const receiptAt = (p: string) => JSON.parse(readFileSync(p, "utf8")) as CertificateReceipt;
const txCount = async () => ethers.provider.getBlockNumber();

const DEGREE_HEADER = "holderId,name,major,degree,graduatedOn,certificateNo";
const degreeCsv = (n: number, from = 0) =>
  [DEGREE_HEADER, ...Array.from({ length: n }, (_, i) => `S${from + i},学生${from + i},Physics,BSc,2026-06-30,N${from + i}`)].join("\n");

describe("certificates: cert:* tasks", function () {
  this.timeout(120_000);

  beforeEach(async () => {
    f = await certFixture();
    registry = await f.registry.getAddress();
    dir = mkdtempSync(path.join(tmpdir(), "cert-tasks-"));
    // Each test's own issuance journal (cert:issue keeps it in receipts/.issued by default).
    process.env.CERT_ISSUANCE_JOURNAL = path.join(dir, "journal");
  });

  after(() => {
    delete process.env.CERT_ISSUANCE_JOURNAL;
  });

  it("[CERT-31] tasks/certificates.ts declares every cert:* task, each with an action", async () => {
    const { certificateTasks } = await import("../../tasks/certificates/index.js");
    expect(certificateTasks.map((t) => t.id.join(":"))).to.deep.equal([
      "cert:type:add",
      "cert:issuer:set",
      "cert:issuer:remove",
      "cert:issue",
      "cert:batch-issue",
      "cert:verify",
      "cert:revoke",
      "cert:suspend",
      "cert:reinstate",
      "cert:supersede",
      "cert:history",
      "cert:grant",
      "cert:check",
      "cert:points",
      "cert:ledger:set",
      "cert:rates:propose",
      "cert:qr",
      "cert:page",
    ]);
  });

  it("[CERT-31] cert:type:add registers a type as PLATFORM_OPERATOR; anyone else and a taken name are refused with one line, nothing sent", async () => {
    const r = await ok("cert:type:add", { registry, from: f.operator.address, name: "Residence permit (居住证)", fields: "name, address, issuedOn", members: "1", validity: "1y", revocable: true, json: true });
    expect(JSON.parse(r.stdout.join("\n"))).to.include({ typeId: 5, name: "Residence permit (居住证)", defaultValidity: 365 * 86400 });
    const before = await txCount();
    // With --json the one error line is JSON: a stable code and fields (the message is for people).
    expect(JSON.parse(await fails("cert:type:add", { registry, from: f.civilAdmin.address, name: "X", fields: "a", json: true }))).to.include({ code: "NOT_OPERATOR" });
    expect(JSON.parse(await fails("cert:type:add", { registry, from: f.operator.address, name: "Residence permit (居住证)", fields: "a", json: true }))).to.include({ code: "TYPE_TAKEN" });
    expect(await fails("cert:type:add", { registry, from: f.operator.address, name: "Y", fields: "a,b,a" })).to.equal('--fields: "a" appears twice');
    expect(JSON.parse(await fails("cert:type:add", { registry, from: f.operator.address, name: "Y", fields: "a", members: "9", json: true }))).to.include({ code: "UNKNOWN_MEMBER" });
    expect(await txCount()).to.equal(before);
  });

  it("[CERT-32] cert:issue writes a receipt that cert:verify accepts; a malformed document is named and nothing is sent", async () => {
    const doc = write("degree.json", { holderId: "320102200001011234", name: "王五", major: "Law", degree: "LLB", graduatedOn: "2026-06-30", certificateNo: "10284-1" });
    const out = path.join(dir, "r.json");
    const issued = await ok("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out });
    expect(issued.stdout[0]).to.match(/^issued certificate 0x[0-9a-f]{64} \(type 2 "Bachelor's degree/);
    const v = await ok("cert:verify", { receipt: out, json: true });
    expect(JSON.parse(v.stdout.join("\n"))).to.include({ status: "valid", valid: true, member: 2, typeId: DEGREE });

    const before = await txCount();
    const bad = write("bad.json", { holderId: "1", name: "", major: "Law", degree: "LLB", graduatedOn: "2026-06-30", certificateNo: "2", grade: "A" });
    expect(await fails("cert:issue", { registry, from: f.uniClerk.address, type: "Bachelor's degree (学士学位证书)", file: bad })).to.equal(
      `${bad}: row 1, field "name": is empty; row 1, field "grade": is not a field of type "Bachelor's degree (学士学位证书)"; nothing was sent`,
    );
    expect(JSON.parse(await fails("cert:issue", { registry, from: f.civilClerk.address, type: String(DEGREE), file: doc, json: true }))).to.include({ code: "TYPE_NOT_ALLOWED" });
    expect(JSON.parse(await fails("cert:issue", { registry, from: f.uniClerk.address, type: "9", file: doc, json: true }))).to.deep.include({
      code: "UNKNOWN_TYPE",
      fields: { field: "--type", value: "9", count: 4 },
    });
    expect(await txCount()).to.equal(before);
  });

  const wangWu = { holderId: "320102200001011234", name: "王五", major: "Law", degree: "LLB", graduatedOn: "2026-06-30", certificateNo: "10284-1" };
  const issuedIds = async () => (await f.registry.queryFilter(f.registry.filters.CertificateIssued())).map((l) => l.args.id);

  it("[TASK-30] cert:issue --out never overwrites a file: an existing one is refused in one line before anything is sent", async () => {
    const doc = write("degree.json", wangWu);
    const out = write("r.json", "the only copy of something");
    const before = await txCount();
    expect(await fails("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out })).to.equal(
      `--out ${out} already exists; a receipt is never overwritten (it may be the only copy of another certificate's salts): choose another file; nothing was sent`,
    );
    expect(readFileSync(out, "utf8")).to.equal("the only copy of something");
    expect(await txCount()).to.equal(before);
    // Re-running the README's line after it succeeded: the repeat is refused first, the receipt kept.
    const r1 = path.join(dir, "r1.json");
    await ok("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out: r1 });
    const kept = readFileSync(r1, "utf8");
    const again = await run("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out: r1, again: true, json: true });
    expect(again.ok).to.equal(false);
    expect(again.result).to.deep.include({ code: "INVALID_OPTION", fields: { field: "--out", value: r1 } });
    expect(readFileSync(r1, "utf8")).to.equal(kept);
  });

  it("[TASK-31] the same document issued twice by the same member is refused unless --again; another document is not a repeat", async () => {
    const doc = write("degree.json", wangWu);
    const r1 = path.join(dir, "r1.json");
    await ok("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out: r1 });
    const id1 = receiptAt(r1).certificateId;
    const before = await txCount();
    // Same content, other key order, spacing and holder-id case: still the same document.
    const same = write("same.json", { certificateNo: "10284-1", graduatedOn: "2026-06-30", degree: "LLB", major: "Law", name: "王五", holderId: " 320102200001011234 " });
    const refused = await run("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: same, json: true });
    expect(refused.ok).to.equal(false);
    expect(refused.stderr).to.have.length(1);
    expect(refused.result).to.deep.include({ code: "ALREADY_ISSUED" });
    expect((refused.result as unknown as { fields: Record<string, unknown> }).fields).to.include({ certificateId: id1, receipt: r1 });
    const line = await fails("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc });
    const tx = receiptAt(r1).issuance!.transaction!;
    expect(line).to.equal(`${doc} was already issued by member 2 as certificate ${id1} (receipt ${r1}, tx ${tx}); nothing was sent: pass --again to issue it once more`);
    expect(await txCount()).to.equal(before);
    expect(await issuedIds()).to.deep.equal([id1]);

    // --again: a second certificate of the same document, on purpose, with its own receipt.
    const r2 = path.join(dir, "r2.json");
    const second = JSON.parse((await ok("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out: r2, again: true, json: true })).stdout.join("\n"));
    expect(second).to.include({ issuedBefore: 1, receipt: r2 });
    expect(second.certificateId).to.not.equal(id1);
    expect(await issuedIds()).to.deep.equal([id1, second.certificateId]);
    // A different document is not a repeat.
    await ok("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: write("other.json", { ...wangWu, certificateNo: "10284-2" }), out: path.join(dir, "r3.json") });
    expect(await issuedIds()).to.have.length(3);
  });

  it("[TASK-32] [TASK-35] the receipt is written as pending before sending; a run that stopped between send and mine is completed by re-running it (a dropped transaction resent as signed): the same certificate, never a second", async () => {
    const doc = write("degree.json", wangWu);
    const out = path.join(dir, "r.json");
    const args = { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out };
    const rpc = (method: string, params: unknown[] = []) => ethers.provider.send(method, params);
    const stall = process.env.TX_STALL_SECONDS;
    process.env.TX_STALL_SECONDS = "1";
    try {
      // 1. Sent, then the process gives up before the block (here: the node mines nothing).
      await rpc("evm_setAutomine", [false]);
      const stopped = await run("cert:issue", args);
      expect(stopped.ok).to.equal(false);
      expect(stopped.stderr[0]).to.match(/^error: no new block for 1 s .* transaction 0x[0-9a-f]{64} sent, not yet mined/);
      const pending = JSON.parse(readFileSync(out, "utf8"));
      expect(pending.format).to.equal("consortium-certificate-receipt/pending-v1");
      const id = pending.receipt.certificateId as string;
      expect(pending.receipt.salt).to.match(/^0x[0-9a-f]{64}$/);
      expect(pending.transaction.hash).to.match(/^0x[0-9a-f]{64}$/);
      // The transaction lands after the process is gone.
      await rpc("evm_mine");
      await rpc("evm_setAutomine", [true]);
      const before = await txCount();
      const done = JSON.parse((await ok("cert:issue", { ...args, json: true })).stdout.join("\n"));
      expect(done).to.include({ certificateId: id, tx: pending.transaction.hash, resumed: "completed an interrupted issuance: its transaction had landed" });
      expect(await txCount()).to.equal(before);
      const receipt = receiptAt(out);
      expect(receipt.certificateId).to.equal(id);
      expect(receipt.salt).to.equal(pending.receipt.salt);
      expect(receipt.issuance?.transaction).to.equal(pending.transaction.hash);
      expect(JSON.parse((await ok("cert:verify", { receipt: out, json: true })).stdout.join("\n"))).to.include({ valid: true });
      expect(await issuedIds()).to.deep.equal([id]);
      // And now it is a repeat like any other.
      expect(JSON.parse(await fails("cert:issue", { ...args, json: true }))).to.include({ code: "ALREADY_ISSUED" });

      // 2. Sent, and the transaction is lost (dropped from the pool) before it is mined: the
      //    re-run broadcasts the SAME signed transaction (same nonce, same hash), kept in the
      //    journal, so nothing else can ever take its nonce; the certificate lands once.
      const doc2 = write("degree2.json", { ...wangWu, certificateNo: "10284-9" });
      const out2 = path.join(dir, "r2.json");
      await rpc("evm_setAutomine", [false]);
      expect((await run("cert:issue", { ...args, file: doc2, out: out2 })).ok).to.equal(false);
      const pending2 = JSON.parse(readFileSync(out2, "utf8"));
      expect(Transaction.from(pending2.transaction.raw).hash).to.equal(pending2.transaction.hash);
      await rpc("hardhat_dropTransaction", [pending2.transaction.hash]);
      await rpc("evm_setAutomine", [true]);
      // A run naming another --out is told where the pending receipt is, nothing sent.
      expect(JSON.parse(await fails("cert:issue", { ...args, file: doc2, out: path.join(dir, "elsewhere.json"), json: true }))).to.deep.include({ code: "INVALID_OPTION" });
      const resent = JSON.parse((await ok("cert:issue", { ...args, file: doc2, out: out2, json: true })).stdout.join("\n"));
      expect(resent).to.include({
        certificateId: pending2.receipt.certificateId,
        tx: pending2.transaction.hash,
        resumed: "completed an interrupted issuance: its transaction had been dropped and was resent as signed (same nonce)",
      });
      expect((await ethers.provider.getTransactionReceipt(resent.tx))!.status).to.equal(1);
      expect(receiptAt(out2).salt).to.equal(pending2.receipt.salt);
      expect(await issuedIds()).to.deep.equal([id, pending2.receipt.certificateId]);

      // 2b. The same, from a journal without the signed bytes (or whose nonce was taken): the
      //     SAME certificate (same salts, same id) in a new transaction, once.
      const doc2b = write("degree2b.json", { ...wangWu, certificateNo: "10284-11" });
      const out2b = path.join(dir, "r2b.json");
      await rpc("evm_setAutomine", [false]);
      expect((await run("cert:issue", { ...args, file: doc2b, out: out2b })).ok).to.equal(false);
      const pending2b = JSON.parse(readFileSync(out2b, "utf8"));
      await rpc("hardhat_dropTransaction", [pending2b.transaction.hash]);
      const entry2b = JSON.parse(readFileSync(pending2b.journal, "utf8"));
      delete entry2b.pending.transaction.raw;
      writeFileSync(pending2b.journal, JSON.stringify(entry2b));
      await rpc("evm_setAutomine", [true]);
      const resent2b = JSON.parse((await ok("cert:issue", { ...args, file: doc2b, out: out2b, json: true })).stdout.join("\n"));
      expect(resent2b).to.include({ certificateId: pending2b.receipt.certificateId, resumed: "resent the same certificate: the interrupted run's transaction never landed" });
      expect(receiptAt(out2b).salt).to.equal(pending2b.receipt.salt);
      expect(await issuedIds()).to.deep.equal([id, pending2.receipt.certificateId, pending2b.receipt.certificateId]);

      // 3. Stopped after writing the pending receipt, before sending (no hash yet): sent once by the re-run.
      const doc3 = write("degree3.json", { ...wangWu, certificateNo: "10284-10" });
      const out3 = path.join(dir, "r3.json");
      await rpc("evm_setAutomine", [false]);
      expect((await run("cert:issue", { ...args, file: doc3, out: out3 })).ok).to.equal(false);
      const pending3 = JSON.parse(readFileSync(out3, "utf8"));
      await rpc("hardhat_dropTransaction", [pending3.transaction.hash]);
      const journalFile = pending3.journal as string;
      const entry = JSON.parse(readFileSync(journalFile, "utf8"));
      entry.pending.transaction = null;
      writeFileSync(journalFile, JSON.stringify(entry));
      await rpc("evm_setAutomine", [true]);
      const third = JSON.parse((await ok("cert:issue", { ...args, file: doc3, out: out3, json: true })).stdout.join("\n"));
      expect(third.certificateId).to.equal(pending3.receipt.certificateId);
      expect(await issuedIds()).to.deep.equal([id, pending2.receipt.certificateId, pending2b.receipt.certificateId, pending3.receipt.certificateId]);
    } finally {
      await rpc("evm_setAutomine", [true]);
      if (stall === undefined) delete process.env.TX_STALL_SECONDS;
      else process.env.TX_STALL_SECONDS = stall;
    }
  });

  it("[CERT-33] cert:batch-issue: a Merkle batch from CSV, receipts verify, a re-run issues nothing twice", async () => {
    const csv = write("class.csv", degreeCsv(25));
    const out = path.join(dir, "class");
    const first = await ok("cert:batch-issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: csv, out, json: true });
    const summary = JSON.parse(first.stdout.join("\n"));
    expect(summary).to.include({ mode: "merkle", count: 25, issuedNow: 25, alreadyOnChain: 0, resumed: false });
    const files = readdirSync(path.join(out, "receipts"));
    expect(files).to.have.length(25);
    for (const file of [files[0], files[24]]) await ok("cert:verify", { receipt: path.join(out, "receipts", file) });
    const blocks = await txCount();
    const again = JSON.parse((await ok("cert:batch-issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: csv, out, json: true })).stdout.join("\n"));
    expect(again).to.include({ issuedNow: 0, alreadyOnChain: 25, resumed: true, root: summary.root });
    expect(await txCount()).to.equal(blocks);
  });

  it("[CERT-33] cert:batch-issue in list mode resumes after a crash: only the chunks not on chain are sent", async () => {
    const csv = write("list.csv", degreeCsv(10));
    const out = path.join(dir, "list");
    // A first run that "crashed" after preparing and sending its first chunk: emulate it by
    // preparing the state, then sending the first chunk ourselves.
    const { encodeTerms } = await import("../../lib/certificates/index.js");
    await ok("cert:batch-issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: csv, out, mode: "list", chunk: "4" });
    const state = JSON.parse(readFileSync(path.join(out, "batch.json"), "utf8"));
    expect(state.certificates).to.have.length(10);
    for (const c of state.certificates) expect((await f.registry.verify(c.id)).status).to.equal(1n);
    // Now a crash case: a second batch whose state exists but whose chunks 2 and 3 never went out.
    const csv2 = write("list2.csv", degreeCsv(10, 100));
    const out2 = path.join(dir, "list2");
    const { prepare, recordsFromCsv } = await import("../../lib/certificates/index.js");
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const spec = { typeId: DEGREE, name: "d", fields: ["name", "major", "degree", "graduatedOn", "certificateNo"], defaultValidity: 0 };
    const certificates = prepare(DEGREE, recordsFromCsv(readFileSync(csv2, "utf8"), spec, now).inputs);
    const { keccak256 } = await import("ethers");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(out2, { recursive: true });
    writeFileSync(path.join(out2, "batch.json"), JSON.stringify({ format: "consortium-certificate-batch/v1", chainId: 31337, registry, typeId: DEGREE, mode: "list", chunk: 4, input: { file: "list2.csv", keccak256: keccak256(Buffer.from(readFileSync(csv2, "utf8"))) }, root: null, certificates }));
    await f.registry.connect(f.uniClerk).issueList(certificates.slice(0, 4).map((c) => c.id), encodeTerms({ typeId: DEGREE, validFrom: certificates[0].validFrom }));
    const resumed = JSON.parse((await ok("cert:batch-issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: csv2, out: out2, mode: "list", chunk: "4", json: true })).stdout.join("\n"));
    expect(resumed).to.include({ count: 10, issuedNow: 6, alreadyOnChain: 4, resumed: true });
    expect(resumed.transactions).to.have.length(2);
  });

  it("[CERT-25][CERT-33] cert:batch-issue refuses a malformed CSV as a whole: one line naming row, field and why, nothing sent", async () => {
    const csv = write("bad.csv", [DEGREE_HEADER, "S1,A,Physics,BSc,2026-06-30,N1", "S2,B,,BSc,2026-06-30,N2", "S3,C,Physics,BSc,someday,N3"].join("\n").replace("someday", "2026-06-30") + "\nS4,D,Physics,BSc,2026-06-30");
    const out = path.join(dir, "bad");
    const before = await txCount();
    expect(await fails("cert:batch-issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: csv, out })).to.equal(
      `${csv}: 3 problem(s), nothing was sent: row 3, field "major": is empty; row 5, field "(row)": has 5 cells, the header has 6; row 5, field "certificateNo": is missing (type "Bachelor's degree (学士学位证书)" requires it) (all in ${path.join(out, "problems.json")})`,
    );
    expect(await txCount()).to.equal(before);
    expect(existsSync(path.join(out, "batch.json"))).to.equal(false);
    expect(JSON.parse(readFileSync(path.join(out, "problems.json"), "utf8"))).to.have.length(3);
  });

  it("[CERT-34][CERT-35] cert:revoke checks the key and state first; cert:verify then exits non-zero with the reason", async () => {
    const doc = write("m.json", { holderId: "H1", spouse1: "A", spouse2: "B", registeredOn: "2026-05-20", registrationNo: "J1" });
    const rc = path.join(dir, "m-receipt.json");
    await ok("cert:issue", { registry, from: f.civilClerk.address, type: String(MARRIAGE), file: doc, out: rc });
    const before = await txCount();
    expect(JSON.parse(await fails("cert:revoke", { registry, from: f.uniClerk.address, receipt: rc, reason: "error", json: true }))).to.deep.include({
      code: "NOT_ISSUER_KEY",
      fields: { account: f.uniClerk.address, member: 2, expected: 1 },
    });
    expect(JSON.parse(await fails("cert:suspend", { registry, from: f.civilClerk.address, receipt: rc, json: true }))).to.include({ code: "CERTIFICATE_STATE" });
    expect(await fails("cert:revoke", { registry, from: f.civilClerk.address, receipt: rc, reason: "because" })).to.match(/^--reason: unknown reason "because"/);
    expect(await txCount()).to.equal(before);
    await ok("cert:revoke", { registry, from: f.civilClerk.address, receipt: rc, reason: "error" });
    const v = await run("cert:verify", { receipt: rc });
    expect(v.ok).to.equal(false);
    expect(v.stdout[0]).to.match(/^certificate 0x[0-9a-f]{64}: REVOKED at block \d+: issued in error$/);
    expect(v.stderr).to.have.length(1);
    expect(v.stderr[0]).to.match(/^error: certificate 0x[0-9a-f]{64} is not valid: revoked at block \d+: issued in error$/);
    expect(JSON.parse(await fails("cert:revoke", { registry, from: f.civilClerk.address, receipt: rc, json: true }))).to.include({ code: "CERTIFICATE_STATE" });
  });

  it("[CERT-35] cert:suspend / cert:reinstate / cert:revoke act on one leaf of a batch through its receipt", async () => {
    const csv = write("lic.csv", ["holderId,companyName,creditCode,legalRepresentative,scope", "H1,A Co,911,R,S", "H2,B Co,912,R,S"].join("\n"));
    const out = path.join(dir, "lic");
    await ok("cert:batch-issue", { registry, from: f.licClerk.address, type: String(LICENCE), file: csv, out });
    const leaf = path.join(out, "receipts", readdirSync(path.join(out, "receipts"))[0]);
    await ok("cert:suspend", { registry, from: f.licClerk.address, receipt: leaf, reason: "investigation" });
    expect(JSON.parse((await run("cert:verify", { receipt: leaf, json: true })).stdout.join("\n")).status).to.equal("suspended");
    await ok("cert:reinstate", { registry, from: f.licClerk.address, receipt: leaf, reason: "cleared" });
    await ok("cert:verify", { receipt: leaf });
    await ok("cert:revoke", { registry, from: f.licClerk.address, receipt: leaf, reason: "penalty" });
    expect(JSON.parse((await run("cert:verify", { receipt: leaf, json: true })).stdout.join("\n")).status).to.equal("revoked");
    const h = await ok("cert:history", { registry, receipt: leaf, json: true });
    const entries = JSON.parse(h.stdout.join("\n")).entries as { event: string; by: string }[];
    expect(entries.map((e) => e.event)).to.deep.equal(["batch issued", "leaf suspended", "leaf reinstated", "leaf revoked"]);
    expect(entries.map((e) => e.by)).to.deep.equal(Array(4).fill(f.licClerk.address)); // a batch's signer is its sender
  });

  it("[CERT-36] cert:supersede links the new version; cert:history shows every version, signer and member", async () => {
    const v1 = write("v1.json", { holderId: "H1", spouse1: "A", spouse2: "B", registeredOn: "2026-05-20", registrationNo: "J1" });
    const v2 = write("v2.json", { holderId: "H1", spouse1: "A", spouse2: "B (name changed)", registeredOn: "2026-05-20", registrationNo: "J1" });
    const r1 = path.join(dir, "v1-receipt.json");
    const r2 = path.join(dir, "v2-receipt.json");
    await ok("cert:issue", { registry, from: f.civilClerk.address, type: String(MARRIAGE), file: v1, out: r1 });
    const s = await ok("cert:supersede", { registry, from: f.civilClerk2.address, receipt: r1, file: v2, out: r2, json: true });
    const sup = JSON.parse(s.stdout.join("\n"));
    expect(sup.by).to.equal(receiptAt(r2).certificateId);
    const h = JSON.parse((await ok("cert:history", { registry, receipt: r2, json: true })).stdout.join("\n"));
    expect(h.versions).to.deep.equal([receiptAt(r1).certificateId, receiptAt(r2).certificateId]);
    expect(h.entries.map((e: { event: string; by: string }) => `${e.event}:${e.by}`)).to.deep.equal([
      `issued:${f.civilClerk.address}`,
      `superseded:${f.civilClerk2.address}`, // the same event seen from the old version ...
      `issued as new version:${f.civilClerk2.address}`, // ... and from the new one
    ]);
    const v = await run("cert:verify", { receipt: r1 });
    expect(v.stderr[0]).to.equal(`error: certificate ${receiptAt(r1).certificateId} is not valid: superseded by ${receiptAt(r2).certificateId} (data changed (变更))`);
  });

  it("[CERT-37] cert:grant records an issuer grant or the holder's consent; cert:check answers yes/no with its exit code", async () => {
    const holder = f.others[1];
    const doc = write("d.json", { holderId: "H9", holderKey: holder.address, name: "N", major: "M", degree: "D", graduatedOn: "2026-06-30", certificateNo: "1" });
    const rc = path.join(dir, "d-receipt.json");
    await ok("cert:issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: doc, out: rc });
    const byIssuer = await ok("cert:grant", { registry, from: f.uniClerk.address, receipt: rc, grantee: f.bankAdmin.address, expires: "30d", json: true });
    expect(JSON.parse(byIssuer.stdout.join("\n")).byHolder).to.equal(false);
    const byHolder = await ok("cert:grant", { registry, from: holder.address, receipt: rc, grantee: f.licAdmin.address, expires: "7d", json: true });
    expect(JSON.parse(byHolder.stdout.join("\n")).byHolder).to.equal(true);
    expect((await f.grants.grantOf(receiptAt(rc).certificateId, f.licAdmin.address)).byHolder).to.equal(true);
    expect(JSON.parse(await fails("cert:grant", { registry, from: f.civilClerk.address, receipt: rc, grantee: f.bankAdmin.address, expires: "1d", json: true }))).to.include({
      code: "NOT_HOLDER_OR_ISSUER",
    });
    expect(JSON.parse(await fails("cert:grant", { registry, from: f.uniClerk.address, receipt: rc, grantee: "0x12", expires: "1d", json: true }))).to.deep.include({
      code: "INVALID_ADDRESS",
      fields: { field: "--grantee", value: "0x12" },
    });
    expect((await ok("cert:check", { receipt: rc })).stdout).to.deep.equal(["yes"]);
    const no = await run("cert:check", { receipt: rc, type: String(MARRIAGE) });
    expect([no.ok, no.stdout[0]]).to.deep.equal([false, "no"]);
  });

  it("[CERT-38] [CERT-92] cert:points credits receipts with --claim (several of one batch by multiproof) and shows the ledger conserved", async () => {
    const csv = write("pts.csv", degreeCsv(12));
    const out = path.join(dir, "pts");
    await ok("cert:batch-issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: csv, out });
    const p = JSON.parse((await ok("cert:points", { registry, claim: out, json: true })).stdout.join("\n"));
    // 12 leaves lie at two depths of their tree (8 and 4): one multiproof each.
    expect(p.claimed).to.include({ ids: 0, leaves: 12, batches: 1, multiproofs: 2 });
    expect(p.members).to.deep.equal([{ member: 2, balance: "120", earned: "120", spent: "0", consistent: true }]);
    expect(p.conserved).to.equal(true);
    expect(JSON.parse(await fails("cert:points", { registry, claim: out, json: true }))).to.include({ code: "NOTHING_TO_CLAIM" });
  });

  it("[CERT-39] cert:qr writes PNG and SVG codes whose payload (<= 230 bytes) leads back to the certificate", async () => {
    const doc = write("q.json", { holderId: "Q1", spouse1: "A", spouse2: "B", registeredOn: "2026-05-20", registrationNo: "J2" });
    const rc = path.join(dir, "q-receipt.json");
    await ok("cert:issue", { registry, from: f.civilClerk.address, type: String(MARRIAGE), file: doc, out: rc });
    const png = await ok("cert:qr", { receipt: rc, out: path.join(dir, "q.png"), url: "https://civil.nanjing.example/r/abc", json: true });
    const info = JSON.parse(png.stdout.join("\n"));
    expect(info.bytes).to.be.at.most(230);
    expect(readFileSync(path.join(dir, "q.png")).subarray(1, 4).toString()).to.equal("PNG");
    const payload = decodeQrPayload(info.payload);
    expect(payload).to.deep.include({ chainId: 31337, registry, certificateId: receiptAt(rc).certificateId, batch: null, url: "https://civil.nanjing.example/r/abc" });
    await ok("cert:qr", { receipt: rc, out: path.join(dir, "q.svg") });
    expect(readFileSync(path.join(dir, "q.svg"), "utf8")).to.match(/^<svg/);
    await ok("cert:verify", { qr: info.payload });
    const batch = path.join(dir, "b");
    await ok("cert:batch-issue", { registry, from: f.uniClerk.address, type: String(DEGREE), file: write("b.csv", degreeCsv(300)), out: batch });
    const leaf = path.join(batch, "receipts", readdirSync(path.join(batch, "receipts"))[299]);
    const leafQr = JSON.parse((await ok("cert:qr", { receipt: leaf, out: path.join(dir, "l.png"), url: "https://university.example/receipts/2026/" + "x".repeat(40), json: true })).stdout.join("\n"));
    expect(leafQr.bytes).to.be.at.most(230);
    expect(decodeQrPayload(leafQr.payload).batch!.root).to.equal(receiptAt(leaf).placement!.root);
    expect(await fails("cert:qr", { receipt: leaf, url: "https://x.example/" + "y".repeat(120) })).to.match(/^the QR payload would be \d+ bytes, over 230: shorten the receipt URL$/);
  });
});
