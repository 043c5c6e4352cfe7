/**
 * Gas benchmark of the consortium and its settlement token, measured in one run on the
 * in-process London network, with OpenZeppelin's plain ERC-20 (compiled for London too) as
 * the peer. Prints a table and writes reports/bench.json. Every figure is a receipt's gasUsed.
 *
 *   npm run bench
 */
import { mkdir, writeFile } from "node:fs/promises";
import { ROLES } from "../lib/access/roles.js";
import type { ProposalKindName } from "../lib/access/proposals.js";
import { gasOf, renderTable, toJson, type GasRow } from "../tooling/bench/gas.js";
import { DEFAULT_RULES, deployConsortium, ethers, propose, proposeTx, vote, waitUntilReady } from "../test/kit/consortium.js";

// The tests' consortium (test/kit), with a second admin for the bank (the meter operator of the
// hot path), a GuardedCounter registered at genesis next to the token, and the plain ERC-20 peer.
const [meter, plainSender, x1] = (await ethers.getSigners()).slice(5);
const { consortium, token, modules, grid, bank, centre } = await deployConsortium(DEFAULT_RULES, {
  extraAdmins: { 2: [meter.address] },
  modules: async ({ consortium }) => ({
    counter: await ethers.deployContract("GuardedCounter", [consortium]),
    plain: await ethers.deployContract("PlainERC20"),
  }),
  genesisModules: ["counter"],
});
const { counter, plain } = modules;

const voters = [grid, bank, centre];
const rows: GasRow[] = [];
const add = (row: GasRow) => rows.push(row);

async function measuredProposal(kind: ProposalKindName, args: unknown[], label: string) {
  add({ system: "access", operation: `propose (${label})`, gas: await gasOf(proposeTx(consortium, grid, kind, args, "bench")) });
  const id = await consortium.proposalCount();
  add({ system: "access", operation: `vote (${label}, first)`, gas: await gasOf(consortium.connect(grid).castVote(id, 1)) });
  await vote(consortium, id, voters.slice(1));
  await waitUntilReady(consortium, id);
  return id;
}

// Governance: a role grant and a revoke, each pushed into the two registered modules.
let id = await measuredProposal("GrantRole", [meter.address, ROLES.METER_OPERATOR], "grant role");
add({ system: "access", operation: "execute grant role (pushed to 2 modules)", gas: await gasOf(consortium.execute(id)) });

// A changed vote costs more than a first one: measure it on a fresh proposal.
id = await propose(consortium, grid, "SuspendMember", [3n], "bench");
await consortium.connect(grid).castVote(id, 1);
add({ system: "access", operation: "vote change (For -> Against)", gas: await gasOf(consortium.connect(grid).castVote(id, 2)) });

// Hot path: the same first write, from cold accounts, with and without the role check.
const unguarded = await gasOf(counter.connect(plainSender).recordUnguarded(42));
const guarded = await gasOf(counter.connect(meter).recordGuarded(42));
add({ system: "access", operation: "hot path unguarded", gas: unguarded });
add({ system: "access", operation: "hot path guarded (METER_OPERATOR)", gas: guarded, peer: "access/hot path unguarded" });
add({ system: "access", operation: "access check overhead", gas: guarded - unguarded, target: 2_500n });

id = await measuredProposal("RevokeRole", [meter.address, ROLES.METER_OPERATOR], "revoke role");
add({ system: "access", operation: "execute revoke role (pushed to 2 modules)", gas: await gasOf(consortium.execute(id)) });

id = await measuredProposal("AdmitMember", ["Solar Co", x1.address, 1], "admit member");
add({ system: "access", operation: "execute admit member", gas: await gasOf(consortium.execute(id)) });

// Token: mint, transfer to an existing holder and to a first-time holder, against the peer.
const ref = (s: string) => ethers.id(s);
add({ system: "token", operation: "mint (first for holder)", gas: await gasOf(token.connect(bank).mint(grid.address, 1_000_000n, ref("deposit-1"))) });
add({ system: "token", operation: "mint (existing holder)", gas: await gasOf(token.connect(bank).mint(grid.address, 1_000_000n, ref("deposit-2"))) });
await token.connect(bank).mint(centre.address, 100n, ref("deposit-3"));
await plain.mint(grid.address, 2_000_000n);
await plain.mint(centre.address, 100n);
add({ system: "peer", operation: "OZ ERC20 transfer (existing holder)", gas: await gasOf(plain.connect(grid).transfer(centre.address, 1_000n)) });
add({ system: "peer", operation: "OZ ERC20 transfer (new holder)", gas: await gasOf(plain.connect(grid).transfer(x1.address, 1_000n)) });
add({
  system: "token",
  operation: "member-checked transfer (existing holder)",
  gas: await gasOf(token.connect(grid).transfer(centre.address, 1_000n)),
  target: 60_000n,
  peer: "peer/OZ ERC20 transfer (existing holder)",
});
add({
  system: "token",
  operation: "member-checked transfer (new holder)",
  gas: await gasOf(token.connect(grid).transfer(x1.address, 1_000n)),
  target: 60_000n,
  peer: "peer/OZ ERC20 transfer (new holder)",
});
// A holder redeems by paying the issuer, which burns against the payout reference.
await (await token.connect(grid).transfer(bank.address, 5_000n)).wait();
add({ system: "token", operation: "burn (issuer, redemption)", gas: await gasOf(token.connect(bank).burn(5_000n, ref("payout-1"))) });

const table = renderTable(rows);
console.log(table);
await mkdir("reports", { recursive: true });
const chainId = (await ethers.provider.getNetwork()).chainId;
await writeFile(
  "reports/bench.json",
  toJson(rows, { generatedAt: new Date().toISOString(), network: "in-process (edr-simulated, london)", chainId: Number(chainId) }) + "\n",
);
const missed = rows.filter((r) => r.target !== undefined && r.gas > r.target);
if (missed.length > 0) {
  console.error(`\n${missed.length} operation(s) over target: ${missed.map((r) => r.operation).join(", ")}`);
  process.exitCode = 1;
} else {
  console.log("\nall targets met; written reports/bench.json");
}
