import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hexlify, JsonRpcProvider, toUtf8Bytes } from "ethers";
import { cleanupDeployments, collect, DEV, ROOT, runCli, sleep, spawnCli, startAnvil, testDeploymentId, type Anvil } from "../kit/cli.js";

/** The commands of the README block after `marker`, continuation lines joined, quotes honoured. */
export function readmeCommands(readme: string, marker: string): string[][] {
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README has no "${marker}" block`);
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no bash block after "${marker}"`);
  const lines = block[1].replace(/\\\n\s*/g, "").split("\n").map((l) => l.trim());
  return lines.filter((l) => l.startsWith("npx hardhat ")).map((l) => (l.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, "")));
}

describe("certificates: the README clerk walk-through, command by command on a local node", function () {
  this.timeout(300_000);
  let anvil: Anvil;
  let env: Record<string, string>;
  const id = testDeploymentId("walkthrough");
  const dir = mkdtempSync(path.join(tmpdir(), "walkthrough-"));

  before(async () => {
    anvil = await startAnvil();
    // The issuance journal (receipts/.issued by default) goes to the temp dir with the receipts.
    env = { LOCALHOST_RPC_URL: anvil.url, CONSORTIUM_DEPLOYMENT_ID: id, CERT_ISSUANCE_JOURNAL: path.join(dir, "journal") };
    const r = await runCli(["deploy", "--parameters", "deploy/parameters/localhost.json", "--deployment-id", id], env);
    expect(r.code, r.stderr).to.equal(0);
  });

  after(async () => {
    await anvil?.stop();
    cleanupDeployments([id]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("[CERT-40][TASK-34] type, issuer key, issue, verify (valid, exit 0), revoke, verify again (revoked, exit 1), then the example CSV and JSON batches", async () => {
    const commands = readmeCommands(readFileSync(path.join(ROOT, "README.md"), "utf8"), "<!-- walkthrough:certificates");
    expect(commands.map((c) => c[2])).to.deep.equal(["cert:type:add", "cert:issuer:set", "cert:issue", "cert:verify", "cert:revoke", "cert:verify", "cert:batch-issue", "cert:batch-issue"]);
    const results = [];
    for (const words of commands) {
      // `npx hardhat` and `--network localhost` are the harness's; the receipt goes to a temp dir.
      const args = words.slice(2).filter((w, i, all) => w !== "--network" && all[i - 1] !== "--network");
      const run = args.map((w) => (w.startsWith("receipts/") ? path.join(dir, path.basename(w)) : w));
      results.push({ task: args[0], r: await runCli(run, env) });
    }
    const [typeAdd, issuerSet, issue, verify1, revoke, verify2, csvBatch, jsonBatch] = results.map((x) => x.r);
    for (const r of [typeAdd, issuerSet, issue, verify1, revoke, csvBatch, jsonBatch]) expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(typeAdd.stdout).to.match(/^registered type 1 "Diploma": 5 fields/);
    expect(issuerSet.stdout).to.contain(`enrolled ${DEV[7]} as an issuer key of member 5 (Nanjing University) for "Diploma" (type 1)`);
    const receipt = JSON.parse(readFileSync(path.join(dir, "diploma-wang-fang.json"), "utf8"));
    expect(receipt.issuer, "cert:issue names the issuing member in the receipt (CERT-50)").to.deep.equal({ member: 5 });
    expect(issue.stdout).to.contain(`issued certificate ${receipt.certificateId}`);
    // No personal data in what the chain saw: neither the holder's id number nor a field value.
    const hash = /^tx (0x[0-9a-f]{64})$/m.exec(issue.stdout)![1];
    const provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true });
    const input = (await provider.getTransaction(hash))!.data.toLowerCase();
    provider.destroy();
    const doc = JSON.parse(readFileSync(path.join(ROOT, "examples/certificates/diploma.json"), "utf8")) as Record<string, string>;
    for (const value of Object.values(doc)) expect(input).to.not.contain(hexlify(toUtf8Bytes(value)).slice(2));
    // The first line is the verdict and its cause (CERT-51).
    expect(verify1.stdout.split("\n")[0]).to.match(new RegExp(`^certificate ${receipt.certificateId}: VALID: issued by member 5, type 1, `));
    expect(verify2.code).to.equal(1);
    expect(verify2.stdout.split("\n")[0]).to.match(new RegExp(`^certificate ${receipt.certificateId}: REVOKED at block \\d+: issued in error$`));

    // The batches of examples/certificates/: the CSV as one Merkle root, the JSON stored one by one.
    expect(csvBatch.stdout).to.match(/^Merkle batch 0x[0-9a-f]{64}: 3 certificates of type 1 "Diploma"$/m);
    expect(readdirSync(path.join(dir, "class-2026", "receipts"))).to.have.length(3);
    expect(jsonBatch.stdout).to.match(/^list batch: 2 certificates of type 1 "Diploma"$/m);
    const autumn = readdirSync(path.join(dir, "class-2026-autumn", "receipts"));
    expect(autumn).to.have.length(2);
    const leaf = JSON.parse(readFileSync(path.join(dir, "class-2026", "receipts", readdirSync(path.join(dir, "class-2026", "receipts"))[0]!), "utf8"));
    const stored = JSON.parse(readFileSync(path.join(dir, "class-2026-autumn", "receipts", autumn[0]!), "utf8"));
    for (const rc of [leaf, stored]) {
      const v = await runCli(["cert:verify", "--receipt", path.join(dir, rc.placement ? "class-2026" : "class-2026-autumn", "receipts", `${rc.certificateId}.json`)], env);
      expect(v.code, v.stdout + v.stderr).to.equal(0);
      expect(v.stdout.split("\n")[0]).to.match(new RegExp(`^certificate ${rc.certificateId}: VALID: issued by member 5, type 1, `));
    }
  });

  it("[TASK-31] re-running the README's cert:issue line is refused as a repeat; its receipt is kept", async () => {
    const line = readmeCommands(readFileSync(path.join(ROOT, "README.md"), "utf8"), "<!-- walkthrough:certificates").find((c) => c[2] === "cert:issue")!;
    const args = line.slice(2).filter((w, i, all) => w !== "--network" && all[i - 1] !== "--network").map((w) => (w.startsWith("receipts/") ? path.join(dir, path.basename(w)) : w));
    const kept = readFileSync(path.join(dir, "diploma-wang-fang.json"), "utf8");
    const again = await runCli(args, env);
    expect(again.code).to.equal(1);
    expect(again.errLines).to.have.length(1);
    expect(again.errLines[0]).to.match(/^error: examples\/certificates\/diploma\.json was already issued by member 5 as certificate 0x[0-9a-f]{64} .*pass --again to issue it once more$/);
    expect(readFileSync(path.join(dir, "diploma-wang-fang.json"), "utf8")).to.equal(kept);
  });

  it("[TASK-32] cert:issue killed between send and mine (SIGKILL) is completed by re-running it: the same certificate, one transaction", async () => {
    const doc = path.join(dir, "late.json");
    writeFileSync(doc, JSON.stringify({ ...JSON.parse(readFileSync(path.join(ROOT, "examples/certificates/diploma.json"), "utf8")), certificateNo: "102841202605000999" }));
    const out = path.join(dir, "late-receipt.json");
    const args = ["cert:issue", "--type", "Diploma", "--file", doc, "--out", out, "--from", DEV[7]];
    await anvil.rpc("evm_setAutomine", [false]); // the transaction waits in the pool: time to kill
    let pending: { format: string; transaction: { hash: string; nonce: number } | null; receipt: { certificateId: string; salt: string } } | undefined;
    const child = spawnCli(args, env);
    const ended = collect(child, 60_000);
    try {
      const deadline = Date.now() + 40_000;
      while (!pending?.transaction) {
        if (Date.now() > deadline) throw new Error("cert:issue never recorded its transaction");
        if (existsSync(out)) pending = JSON.parse(readFileSync(out, "utf8"));
        await sleep(100);
      }
      child.kill("SIGKILL");
      await ended;
    } finally {
      await anvil.rpc("evm_setAutomine", [true]);
    }
    expect(pending.format).to.equal("consortium-certificate-receipt/pending-v1");
    // Mined after the process is gone (turning automine back on mines the pool), then the same command again.
    await anvil.rpc("evm_mine");
    const count = async () => BigInt(await anvil.rpc<string>("eth_getTransactionCount", [DEV[7], "latest"]));
    const afterMined = await count();
    expect(afterMined).to.equal(BigInt(pending.transaction!.nonce) + 1n);
    const rerun = await runCli([...args, "--json"], env);
    expect(rerun.code, rerun.stderr).to.equal(0);
    const done = JSON.parse(rerun.stdout);
    expect(done).to.include({ certificateId: pending.receipt.certificateId, tx: pending.transaction!.hash });
    expect(done.resumed).to.match(/^completed an interrupted issuance/);
    const receipt = JSON.parse(readFileSync(out, "utf8"));
    expect(receipt).to.include({ certificateId: pending.receipt.certificateId, salt: pending.receipt.salt });
    expect(await count()).to.equal(afterMined); // the re-run sent nothing
    const v = await runCli(["cert:verify", "--receipt", out], env);
    expect(v.stdout.split("\n")[0]).to.match(new RegExp(`^certificate ${pending.receipt.certificateId}: VALID: issued by member 5, type 1, `));
  });

  it("[CERT-41] cert:issuer:set refuses, before sending: a non-admin, a type the member may not issue, an outsider key", async () => {
    const cases: [string[], string][] = [
      [["cert:issuer:set", "--account", DEV[7], "--types", "Diploma", "--from", DEV[0]], `error: ${DEV[0]} is not an admin of member 5 (Nanjing University); an admin of the key's member enrols or withdraws it`],
      [["cert:issuer:set", "--account", DEV[0], "--types", "Diploma", "--from", DEV[0]], `error: member 1 (State Grid Jiangsu) may not issue type 1 ("Diploma"); the platform operator or governance allows it first`],
      [["cert:issuer:set", "--account", DEV[6], "--types", "Diploma", "--from", DEV[7]], `error: ${DEV[6]} is not an account of any member; its member's admin offers it a place (access:accounts:add) and it accepts (access:accounts:accept)`],
      [["cert:issuer:set", "--account", "0x12", "--types", "Diploma", "--from", DEV[7]], `error: --account: "0x12" is not an address`],
      [["cert:issuer:set", "--account", DEV[7], "--from", DEV[7]], "error: --types is required (type ids or names, comma-separated), or --any-type"],
      [["cert:issuer:remove", "--account", DEV[1], "--from", DEV[1]], `error: ${DEV[1]} is not enrolled as an issuer key`],
    ];
    for (const [args, line] of cases) {
      const r = await runCli(args, env);
      expect(r.code, r.stderr).to.equal(1);
      expect(r.errLines).to.deep.equal([line]);
    }
  });

  it("[CERT-41] cert:issuer:remove withdraws the key: it can no longer issue", async () => {
    const removed = await runCli(["cert:issuer:remove", "--account", DEV[7], "--from", DEV[7], "--json"], env);
    expect(removed.code, removed.stderr).to.equal(0);
    expect(JSON.parse(removed.stdout)).to.include({ account: DEV[7], member: 5, memberName: "Nanjing University" });
    const issue = await runCli(["cert:issue", "--type", "Diploma", "--file", "examples/certificates/diploma.json", "--out", path.join(dir, "again.json"), "--from", DEV[7]], env);
    expect(issue.code).to.equal(1);
    expect(issue.errLines).to.deep.equal([`error: ${DEV[7]} is not enrolled as an issuer key (its member's admin enrols it with cert:issuer:set)`]);
  });
});
