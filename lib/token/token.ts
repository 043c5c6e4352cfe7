import type { SettlementToken } from "../../typechain-types/index.js";
import { UserError } from "../core/errors.js";
import { ROLES } from "../access/roles.js";
import { formatAmount, type ParsedRef } from "../core/amounts.js";
import { TokenError } from "./errors.js";
import { AccessError } from "../access/errors.js";

/** Off-chain checks of SettlementToken's rules, run before sending (the contract still decides). */

export async function requireNotPaused(token: SettlementToken): Promise<void> {
  if (await token.paused()) throw new UserError(AccessError.MODULE_PAUSED, `token ${await token.getAddress()} is paused by the regulator`);
}

export async function requireIssuer(token: SettlementToken, account: string, verb: string): Promise<void> {
  if (await token.hasRole(account, ROLES.TOKEN_ISSUER)) return;
  if (await token.isFrozen(account)) throw new UserError(AccessError.FROZEN, `${account} cannot ${verb}: it is frozen in the token`);
  throw new UserError(TokenError.NOT_TOKEN_ISSUER, `${account} cannot ${verb}: it does not hold TOKEN_ISSUER (of an active member)`);
}

/** Only accounts of active members, not frozen in the token, hold or receive it. */
export async function requireHolder(token: SettlementToken, account: string, symbol: string): Promise<void> {
  if (await token.hasRole(account, ROLES.MEMBER)) return;
  if (await token.isFrozen(account)) throw new UserError(AccessError.FROZEN, `${account} is frozen in the token`);
  throw new UserError(TokenError.NOT_HOLDER, `${account} is not an account of an active member; it cannot hold ${symbol}`);
}

export async function requireBalance(token: SettlementToken, account: string, amount: bigint, symbol: string): Promise<void> {
  const balance = await token.balanceOf(account);
  if (balance < amount) {
    throw new UserError(TokenError.INSUFFICIENT_BALANCE, `${account} has ${formatAmount(balance)} ${symbol}, less than ${formatAmount(amount)}`, {
      account,
      balance: balance.toString(),
      amount: amount.toString(),
    });
  }
}

export async function requireUnusedRef(token: SettlementToken, ref: ParsedRef): Promise<void> {
  if (await token.referenceUsed(ref.ref)) {
    throw new UserError(TokenError.REFERENCE_USED, `reference ${ref.hashed ? `"${ref.input}" (${ref.ref})` : ref.ref} was already used`);
  }
}

/**
 * A balance governance may recover: its account is no active member's, or is frozen in the
 * token. A healthy holder moves its own money; the contract refuses a vote on it (TOK-32).
 */
export async function requireTrapped(token: SettlementToken, account: string): Promise<void> {
  if (await token.hasRole(account, ROLES.MEMBER)) {
    throw new UserError(
      TokenError.NOT_TRAPPED,
      `${account} is an active member's account, not frozen: its balance is not trapped and no vote may take it (the regulator freezes it first if it must be recovered)`,
      { account },
    );
  }
}
