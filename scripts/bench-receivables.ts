/**
 * Gas benchmark for receivables, measured in one run on the in-process London network. Our
 * receivables system is not built yet, so for now this measures only its peer: Solv's ERC-3525
 * reference implementation (@solvprotocol/erc-3525 1.5.0 from npm, compiled here for London
 * like everything else, deployed as contracts/peers/ERC3525Peer.sol, which adds nothing but an
 * unrestricted mint). When the system lands, its rows go here naming these as their `peer`
 * ("ERC-3525 1.5.0/<operation>"). Prints a table and writes reports/bench-receivables.json.
 * Every figure is a receipt's gasUsed.
 *
 *   npx hardhat run scripts/bench-receivables.ts
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { renderTable, toJson, type GasRow } from "../tooling/bench/gas.js";
// The kit's connection (test/kit), as the other benches; when the receivables system lands, its
// fixture (the kit's consortium with the receivables modules) is deployed here from the kit too.
import { ethers } from "../test/kit/consortium.js";

// Fixed signers, not random wallets: an address's zero bytes change its calldata cost, and the
// figures must be the same on every run.
const [deployer, seller, buyer, financier, operator] = await ethers.getSigners();

const PEER = "ERC-3525 1.5.0";
const NOTE = "receipt gasUsed; peer for the receivables system (not built yet)";
const SLOT = 1n; // one slot: every receivable here is of the same kind, so values can move between them
const rows: GasRow[] = [];
const add = (operation: string, gas: bigint) => rows.push({ system: PEER, operation, gas, note: NOTE });

const erc3525 = await ethers.deployContract("ERC3525Peer");
// The contract's first token ever also creates its token list; mint it outside the measurements
// so that every figure below is the steady-state cost.
await (await erc3525.mint(deployer.address, SLOT, 1n)).wait();

/** Sends nothing itself: waits for `send`, records its receipt's gasUsed as `operation`. */
async function measured(operation: string, send: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await send).wait();
  if (!receipt || receipt.status !== 1) throw new Error(`${operation}: transaction failed`);
  add(operation, receipt.gasUsed);
  return receipt;
}

/** The id of the token a transaction created, from its ERC-721 Transfer event from address zero. */
function newTokenId(receipt: ContractTransactionReceipt): bigint {
  for (const log of receipt.logs) {
    const e = erc3525.interface.parseLog(log);
    if (e?.name === "Transfer" && e.args[0] === ethers.ZeroAddress) return e.args[2] as bigint;
  }
  throw new Error(`no token was created by ${receipt.hash}`);
}

// Issue: a receivable minted as a new token, to a holder with no token yet and to one with one.
const receivable = await newTokenId(await measured("mint receivable (new holder)", erc3525.mint(seller.address, SLOT, 1_000_000n)));
const second = await newTokenId(await measured("mint receivable (existing holder)", erc3525.mint(seller.address, SLOT, 500_000n)));

// Part of a receivable's value sold: a new token is split off for a holder with no token yet.
const part = await newTokenId(
  await measured(
    "transfer value to a new token (split, new holder)",
    erc3525.connect(seller)["transferFrom(uint256,address,uint256)"](receivable, buyer.address, 300_000n),
  ),
);
// More value moved into a token that already exists (same slot).
await measured("transfer value to an existing token", erc3525.connect(seller)["transferFrom(uint256,uint256,uint256)"](receivable, part, 100_000n));
// A whole receivable sold: the ERC-721 transfer of the token, to a holder with no token yet.
await measured("transfer whole token (new holder)", erc3525.connect(seller)["transferFrom(address,address,uint256)"](seller.address, financier.address, second));
// The holder lets an operator move part of the value: the operator's first approval on the token.
await measured("approve value (operator's first on the token)", erc3525.connect(seller)["approve(uint256,address,uint256)"](receivable, operator.address, 50_000n));

console.log(renderTable(rows));
console.log(`\n${PEER} is Solv's reference implementation, compiled here from its npm sources for London.`);
await mkdir("reports", { recursive: true });
const chainId = (await ethers.provider.getNetwork()).chainId;
await writeFile(
  "reports/bench-receivables.json",
  toJson(rows, { generatedAt: new Date().toISOString(), network: "in-process (edr-simulated, london)", chainId: Number(chainId) }) + "\n",
);
console.log("written: reports/bench-receivables.json");
