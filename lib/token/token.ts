import type { SettlementToken } from "../../typechain-types/index.js";
import { UserError } from "../core/errors.js";
import { ROLES } from "../access/roles.js";
import { formatAmount, type ParsedRef } from "../core/amounts.js";

/** Off-chain checks of SettlementToken's rules, run before sending (the contract still decides). */

export async function requireNotPaused(token: SettlementToken): Promise<void> {
  if (await token.paused()) throw new UserError(`token ${await token.getAddress()} is paused by the regulator`);
}

export async function requireIssuer(token: SettlementToken, account: string, verb: string): Promise<void> {
  if (await token.hasRole(account, ROLES.TOKEN_ISSUER)) return;
  if (await token.isFrozen(account)) throw new UserError(`${account} cannot ${verb}: it is frozen in the token`);
  throw new UserError(`${account} cannot ${verb}: it does not hold TOKEN_ISSUER (of an active member)`);
}

/** Only accounts of active members, not frozen in the token, hold or receive it. */
export async function requireHolder(token: SettlementToken, account: string, symbol: string): Promise<void> {
  if (await token.hasRole(account, ROLES.MEMBER)) return;
  if (await token.isFrozen(account)) throw new UserError(`${account} is frozen in the token`);
  throw new UserError(`${account} is not an account of an active member; it cannot hold ${symbol}`);
}

export async function requireBalance(token: SettlementToken, account: string, amount: bigint, symbol: string): Promise<void> {
  const balance = await token.balanceOf(account);
  if (balance < amount) {
    throw new UserError(`${account} has ${formatAmount(balance)} ${symbol}, less than ${formatAmount(amount)}`);
  }
}

export async function requireUnusedRef(token: SettlementToken, ref: ParsedRef): Promise<void> {
  if (await token.referenceUsed(ref.ref)) {
    throw new UserError(`reference ${ref.hashed ? `"${ref.input}" (${ref.ref})` : ref.ref} was already used`);
  }
}
