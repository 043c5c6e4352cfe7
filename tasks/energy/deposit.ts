import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { formatAmount, parseAmount } from "../../lib/core/amounts.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveSettlement } from "../../lib/energy/statements-deployment.js";

interface Args {
  amount: string;
  settlement: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function marketDeposit(args: Args, hre: HardhatRuntimeEnvironment) {
  const amount = parseAmount(args.amount);
  const ctx = await connect(hre, args);
  const settlement = await resolveSettlement(ctx, args.settlement);
  const signer = await ctx.signer();
  const token = await ctx.ethers.getContractAt("SettlementToken", await settlement.token(), signer);
  const spender = await settlement.getAddress();
  if ((await token.allowance(signer.address, spender)) < amount) {
    await token.approve.staticCall(spender, amount);
    await ctx.wait(token.approve(spender, amount));
  }
  const s = settlement.connect(signer);
  await s.deposit.staticCall(amount);
  const receipt = await ctx.wait(s.deposit(amount));
  const [balance] = await settlement.depositOf(signer.address);
  const out = { account: signer.address, amount: amount.toString(), balance: balance.toString(), tx: receipt.hash };
  if (args.json) printJson(out);
  else print(`deposited ${formatAmount(amount)} for ${signer.address}; deposit now ${formatAmount(balance)}\ntx ${receipt.hash}`);
  return out;
}

export default runAction(marketDeposit);
