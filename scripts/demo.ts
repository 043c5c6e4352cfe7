// A walk through the consortium on the in-process network:
//   npx hardhat run scripts/demo.ts
// Genesis comes from deploy/parameters/hardhat.json through the same Ignition module that
// `npx hardhat deploy` uses; then a member is admitted by vote and the settlement token moves.
import { network } from "hardhat";
import GenesisModule from "../deploy/modules/Genesis.js";
import { loadGenesis } from "../lib/access/genesis.js";
import { describePayload, getProposalView, listMembers } from "../lib/access/consortium.js";
import { formatAmount, parseAmount, parseRef } from "../lib/core/amounts.js";
import { encodePayload, kindIndex, VOTE_TYPES } from "../lib/access/proposals.js";
import { formatDuration, table } from "../lib/core/output.js";

const { ethers, ignition, networkHelpers } = await network.getOrCreate();

const step = (n: number, title: string) => console.log(`\n${n}. ${title}`);
const say = (line: string) => console.log(`   ${line}`);

// ------------------------------------------------------------------------------------------
step(1, "Genesis: deploy/parameters/hardhat.json through the Ignition module");
const genesis = await loadGenesis("deploy/parameters/hardhat.json");
const deployed = await ignition.deploy(GenesisModule, { parameters: genesis.parameters });
const consortium = await ethers.getContractAt("Consortium", await deployed.consortium.getAddress());
const token = await ethers.getContractAt("SettlementToken", await deployed.token.getAddress());
say(`Consortium      ${await consortium.getAddress()}`);
say(`SettlementToken ${await token.getAddress()} (${await token.name()}, ${await token.symbol()}, 2 decimals)`);
say(`genesis sealed: ${(await consortium.bootstrapper()) === ethers.ZeroAddress}`);

const [grid, bank, centre, regulator, , solar] = await ethers.getSigners();
const name = async (a: string) => {
  const id = await consortium.memberOf(a);
  return id === 0n ? a.slice(0, 10) : (await consortium.getMember(id)).name;
};

const printMembers = async () => {
  const rows = [["ID", "MEMBER", "STATUS", "WEIGHT", "ADMINS"]];
  for (const m of await listMembers(consortium)) rows.push([String(m.id), m.name, m.status, String(m.weight), m.admins.join(" ")]);
  for (const line of table(rows).split("\n")) say(line);
};
await printMembers();

// ------------------------------------------------------------------------------------------
step(2, "State Grid Jiangsu proposes admitting Solar Co");
const args = ["Solar Co", solar.address, 1] as const;
const payload = encodePayload("AdmitMember", args);
await (await consortium.connect(grid).propose(kindIndex("AdmitMember"), payload, "distributed PV operator joins")).wait();
const id = await consortium.proposalCount();
say(`proposal ${id}: ${(await describePayload(consortium, "AdmitMember", payload)).summary}`);

step(3, "Members vote");
for (const voter of [grid, bank, centre]) {
  await (await consortium.connect(voter).castVote(id, 1)).wait();
  say(`${await name(voter.address)} votes ${VOTE_TYPES[1]}`);
}
let p = await getProposalView(consortium, id);
say(`tally for ${p.tally.for}, against ${p.tally.against}, abstain ${p.tally.abstain} of ${p.tally.total}: ${p.passing ? "passing" : "not passing"}`);

step(4, "Time passes: voting period and execution delay");
const now = await networkHelpers.time.latest();
await networkHelpers.time.increaseTo(p.readyAt);
p = await getProposalView(consortium, id);
say(`+${formatDuration(p.readyAt - now)} → proposal ${id} is ${p.state}`);

step(5, "Anyone executes it (here: the Energy Regulator)");
await (await consortium.connect(regulator).execute(id)).wait();
say(`proposal ${id} is ${(await getProposalView(consortium, id)).state}; Solar Co is member ${await consortium.memberOf(solar.address)}`);
say(`the token already knows: Solar Co may hold CNYC = ${await token.hasRole(solar.address, 0)}`);
await printMembers();

// ------------------------------------------------------------------------------------------
step(6, "Bank of Nanjing (TOKEN_ISSUER) mints 1,000.00 yuan to State Grid Jiangsu against a deposit");
const deposit = parseRef("DEP-2025-000001");
const minted = parseAmount("1000.00");
await (await token.connect(bank).mint(grid.address, minted, deposit.ref)).wait();
say(`deposit ref "${deposit.input}" → ${deposit.ref}`);
say(`minted ${formatAmount(minted)} CNYC (${minted} units); reference used: ${await token.referenceUsed(deposit.ref)}`);

step(7, "State Grid Jiangsu pays 250.00 to Solar Co");
await (await token.connect(grid).transfer(solar.address, parseAmount("250.00"))).wait();
say("transferred 250.00 CNYC");

step(8, "Final balances");
const rows = [["ACCOUNT", "MEMBER", "BALANCE"]];
for (const s of [grid, bank, solar]) rows.push([s.address, await name(s.address), `${formatAmount(await token.balanceOf(s.address))} CNYC`]);
rows.push(["", "total supply", `${formatAmount(await token.totalSupply())} CNYC`]);
for (const line of table(rows).split("\n")) say(line);
