import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanupDeployments, ROOT, runCli, startAnvil, testDeploymentId, type Anvil } from "../kit/cli.js";

/** The commands of the README block after `marker`, continuation lines joined, quotes honoured
 * (as test/certificates/walkthrough.test.ts reads its block; importing it would run its suite). */
function readmeCommands(readme: string, marker: string): string[][] {
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README has no "${marker}" block`);
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no bash block after "${marker}"`);
  const lines = block[1]!.replace(/\\\n\s*/g, "").split("\n").map((l) => l.trim());
  return lines.filter((l) => l.startsWith("npx hardhat ")).map((l) => (l.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, "")));
}

describe("energy: the README meter walk-through, command by command on a local node", function () {
  this.timeout(300_000);
  let anvil: Anvil;
  let env: Record<string, string>;
  const id = testDeploymentId("energy-walkthrough");
  const dir = mkdtempSync(path.join(tmpdir(), "energy-walkthrough-"));

  before(async () => {
    anvil = await startAnvil();
    env = { LOCALHOST_RPC_URL: anvil.url, CONSORTIUM_DEPLOYMENT_ID: id, ENERGY_JOURNAL_DIR: path.join(dir, "journals") };
    const r = await runCli(["deploy", "--parameters", "deploy/parameters/localhost.json", "--deployment-id", id], env);
    expect(r.code, r.stderr).to.equal(0);
  });

  after(async () => {
    await anvil?.stop();
    cleanupDeployments([id]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("[ENG-26][ENG-24] register, two meters, a sample file, submit it (8 accepted), re-run (nothing sent), rotate a key", async () => {
    const commands = readmeCommands(readFileSync(path.join(ROOT, "README.md"), "utf8"), "<!-- walkthrough:energy");
    expect(commands.map((c) => c[2])).to.deep.equal(["market:register", "market:meter:add", "market:meter:add", "market:sample", "market:readings:submit", "market:readings:submit", "market:meter:rotate", "market:meter"]);
    const results = [];
    for (const words of commands) {
      const args = words.slice(2).filter((w, i, all) => w !== "--network" && all[i - 1] !== "--network");
      const run = args.map((w) => (w.startsWith("readings/") ? path.join(dir, path.basename(w)) : w));
      results.push(await runCli(run, env));
    }
    for (const r of results) expect(r.code, r.stdout + r.stderr).to.equal(0);
    const [register, add1, , sample, submit, again, rotate, show] = results;
    expect(register!.stdout).to.match(/^member 5 registered in the energy market as CONSUMER/);
    expect(add1!.stdout).to.match(/^meter 1 registered for participant 5 by operator member 1, key 0x950994188BDD6A349c627407a5A75a4A1F944d3F/);
    expect(sample!.stdout).to.contain("meter 1: key 0x950994188BDD6A349c627407a5A75a4A1F944d3F");
    const file = path.join(dir, "hour.csv");
    expect(submit!.stdout.split("\n")[0]).to.equal(`${file}: 8 readings in 1 transaction(s); accepted 8, refused 0`);
    expect(again!.stdout.split("\n")[0]).to.match(/accepted 8, refused 0 \(resumed from .*\)$/);
    expect(rotate!.stdout).to.match(/^meter 1: key 0x950994188BDD6A349c627407a5A75a4A1F944d3F replaced by 0x1A7BBA0B1e56C9383F7e3c4887570C4047a90e8c/);
    expect(show!.stdout).to.match(/^meter 1: Active, owner 5, operator member 1, key 0x1A7BBA0B1e56C9383F7e3c4887570C4047a90e8c\nlast reading: interval \d+, \d+ Wh/);
    // The same file again after the rotation: the journal says it landed, so nothing is resent.
    const third = await runCli(["market:readings:submit", "--file", file, "--json"], env);
    expect(JSON.parse(third.stdout)).to.deep.include({ sentNow: 0, accepted: 8 });
  });
});
