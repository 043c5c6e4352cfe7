import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { loadErrorCatalog, runAction, UserError } from "../../lib/core/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { resolveToken } from "../../lib/token/deployment.js";
import { formatAmount, parseAmount, parseRef } from "../../lib/core/amounts.js";
import { requireBalance, requireHolder, requireTrapped, requireUnusedRef } from "../../lib/token/token.js";
import { TokenError } from "../../lib/token/errors.js";
import { describePayload, memberLabel, requireActiveAdmin } from "../../lib/access/consortium.js";
import { encodePayload } from "../../lib/access/proposals.js";
import { submitProposal } from "../../lib/access/propose.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseAddress } from "../../lib/core/parse.js";

interface Args {
  holder: string;
  to: string;
  redeemRef: string;
  amount: string;
  reason: string;
  description: string;
  token: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

/**
 * Proposes the CallModule vote that recovers a trapped balance: the same proposal as
 * `access:propose --kind CallModule --module <token> --data <calldata>`, with the calldata built
 * and every refusal the token would make at execution checked before anything is sent.
 */
async function proposeRecovery(args: Args, hre: HardhatRuntimeEnvironment) {
  const holder = parseAddress("holder", args.holder);
  const hasTo = args.to.trim() !== "";
  const hasRef = args.redeemRef.trim() !== "";
  if (hasTo === hasRef) {
    throw new UserError(CoreError.CONFLICTING_OPTIONS, "give exactly one of --to <account> (move the balance there) or --redeem-ref <payout reference> (burn it)");
  }
  const to = hasTo ? parseAddress("to", args.to) : undefined;
  const ref = hasRef ? parseRef(args.redeemRef, "redeem-ref") : undefined;
  const reason = args.reason.trim();
  if (reason === "") throw new UserError(CoreError.MISSING_INPUT, "--reason is required: it is kept in the token's event and shown to the voters");
  const given = args.amount.trim() === "" ? undefined : parseAmount(args.amount);

  const ctx = await connect(hre, args);
  const { token, consortium } = await resolveToken(ctx, args);
  const symbol = await token.symbol();
  const signer = await ctx.signer();
  const member = await requireActiveAdmin(consortium, signer.address);
  await requireTrapped(token, holder);
  if (to) await requireHolder(token, to, symbol);
  if (ref) await requireUnusedRef(token, ref);
  const balance = await token.balanceOf(holder);
  const amount = given ?? balance;
  if (amount === 0n) throw new UserError(TokenError.NOTHING_TO_RECOVER, `${holder} holds no ${symbol}: there is nothing to recover`, { account: holder });
  await requireBalance(token, holder, amount, symbol);

  const tokenAddress = await token.getAddress();
  const consortiumAddress = await consortium.getAddress();
  const data = to
    ? token.interface.encodeFunctionData("recover", [holder, to, amount, reason])
    : token.interface.encodeFunctionData("redeemTrapped", [holder, amount, ref!.ref, reason]);
  // The token's verdict on the call as the consortium would make it now (e.g. ModulePaused).
  await ctx.ethers.provider.call({ from: consortiumAddress, to: tokenAddress, data });

  const payload = encodePayload("CallModule", [tokenAddress, data]);
  const { receipt, id } = await submitProposal(ctx, consortium, signer, "CallModule", payload, args.description);
  const catalog = await loadErrorCatalog(hre.artifacts);
  const { summary } = await describePayload(consortium, "CallModule", payload, (d) => catalog.decodeCall(d));
  const out = {
    id: Number(id),
    holder,
    to: to ?? null,
    redemptionRef: ref?.ref ?? null,
    amount: amount.toString(),
    yuan: formatAmount(amount, false),
    reason,
    module: tokenAddress,
    data,
    proposer: signer.address,
    member: member.id,
    tx: receipt.hash,
  };
  if (args.json) printJson(out);
  else {
    print(`proposal ${id}: ${summary}`);
    print(
      to
        ? `if executed, ${formatAmount(amount)} ${symbol} move from ${holder} to ${to}`
        : `if executed, ${formatAmount(amount)} ${symbol} of ${holder} are burned against redemption ${ref!.hashed ? `"${ref!.input}" (${ref!.ref})` : ref!.ref}`,
    );
    print(`proposed by ${signer.address} for member ${memberLabel(member)}; members vote with access:vote --id ${id}, then access:execute --id ${id}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(proposeRecovery);
