/**
 * What the market tasks check before they send anything: the same rules EnergyMeters enforces,
 * read from the chain and refused with one line and a stable code (EnergyError), so that a
 * clerk's mistake never costs a reverted transaction.
 */
import { getAddress, ZeroAddress } from "ethers";
import type { Consortium, EnergyMeters } from "../../typechain-types/index.js";
import { ROLES, roleName } from "../access/roles.js";
import { UserError } from "../core/errors.js";
import { EnergyError } from "./errors.js";
import { MAX_UINT32 } from "./readings.js";

/** The roles a member registers in the market with. */
export const TRADING_ROLES = ["GENERATOR", "RETAILER", "CONSUMER"] as const;

/** --role: GENERATOR, RETAILER or CONSUMER (any case). */
export function parseTradingRole(value: string): number {
  const v = value.trim().toUpperCase();
  if (!(TRADING_ROLES as readonly string[]).includes(v)) {
    throw new UserError(EnergyError.NOT_TRADING_ROLE, `--role: "${value}" is not a trading role (${TRADING_ROLES.join(", ")}); the other market roles act by their consortium role alone`, { field: "role", value });
  }
  return ROLES[v as (typeof TRADING_ROLES)[number]];
}

/** --id: a meter id 1..4294967295. */
export function parseMeterId(value: string): number {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_UINT32) {
    throw new UserError(EnergyError.UNKNOWN_METER, `--id: "${value}" is not a meter id (1..${MAX_UINT32})`, { field: "id", value });
  }
  return Number(v);
}

async function memberOf(consortium: Consortium, account: string): Promise<bigint> {
  return consortium.memberOf(account);
}

/** The sender may act as `role` in the market: holds it, unfrozen, of an active member. */
export async function requireMarketRole(meters: EnergyMeters, consortium: Consortium, account: string, role: number): Promise<bigint> {
  if (!(await meters.hasRole(account, role))) {
    throw new UserError(EnergyError.NOT_METER_OPERATOR, `${account} does not hold ${roleName(role)} in the energy market (or is frozen there); nothing was sent`, { account, role: roleName(role) });
  }
  const member = await memberOf(consortium, account);
  if (member === 0n || !(await consortium.isActiveMember(member))) {
    throw new UserError(EnergyError.INACTIVE_PARTICIPANT, `${account} is not an account of an active member; nothing was sent`, { account });
  }
  return member;
}

/** Checks before registerParticipant. */
export async function planRegister(meters: EnergyMeters, consortium: Consortium, account: string, role: number) {
  const member = await requireMarketRole(meters, consortium, account, role);
  const p = await meters.participant(member);
  if ((Number(p.roles) >> role) & 1) {
    throw new UserError(EnergyError.ALREADY_REGISTERED, `member ${member} is already registered in the market as ${roleName(role)}; nothing was sent`, { member: Number(member), role: roleName(role) });
  }
  return { member };
}

/** A meter key: an address, never used by any meter before. */
export async function requireFreshKey(meters: EnergyMeters, key: string) {
  if (getAddress(key) === ZeroAddress) throw new UserError(EnergyError.KEY_IN_USE, "--key: the zero address is no meter key; nothing was sent", { field: "key" });
  const bound = await meters.meterOfKey(key);
  if (bound !== 0n) throw new UserError(EnergyError.KEY_IN_USE, `--key: ${key} is or was the key of meter ${bound}: a key serves one meter, once; nothing was sent`, { key, meterId: Number(bound) });
}

/** Checks before addMeter. */
export async function planAddMeter(meters: EnergyMeters, consortium: Consortium, account: string, meterId: number, owner: bigint, key: string) {
  const operator = await requireMarketRole(meters, consortium, account, ROLES.METER_OPERATOR);
  const m = await meters.meter(meterId);
  if (m.status !== 0n) throw new UserError(EnergyError.METER_EXISTS, `meter ${meterId} is already registered (by member ${m.operatorMember}); meter ids are never reused; nothing was sent`, { meterId });
  const p = await meters.participant(owner);
  if (p.roles === 0n) throw new UserError(EnergyError.UNKNOWN_PARTICIPANT, `--owner: member ${owner} is not registered in the market (market:register first); nothing was sent`, { owner: Number(owner) });
  if (!p.active) throw new UserError(EnergyError.INACTIVE_PARTICIPANT, `--owner: participant ${owner} is suspended from the market; nothing was sent`, { owner: Number(owner) });
  if (!(await consortium.isActiveMember(owner))) throw new UserError(EnergyError.INACTIVE_PARTICIPANT, `--owner: member ${owner} is not an active member of the consortium; nothing was sent`, { owner: Number(owner) });
  await requireFreshKey(meters, key);
  return { operator };
}

/** Checks before rotateMeterKey and revokeMeter: a live meter of the sender's member. */
export async function planMeterChange(meters: EnergyMeters, consortium: Consortium, account: string, meterId: number) {
  const m = await meters.meter(meterId);
  if (m.status === 0n) throw new UserError(EnergyError.UNKNOWN_METER, `meter ${meterId} is not registered; nothing was sent`, { meterId });
  if (m.status === 2n) throw new UserError(EnergyError.METER_REVOKED, `meter ${meterId} was revoked: it takes no change any more; nothing was sent`, { meterId });
  const member = await requireMarketRole(meters, consortium, account, ROLES.METER_OPERATOR);
  if (member !== m.operatorMember) {
    throw new UserError(EnergyError.NOT_METER_OPERATOR, `meter ${meterId} belongs to operator member ${m.operatorMember}, not to ${account}'s member ${member}; nothing was sent`, { meterId, account });
  }
  return { key: await meters.meterKey(meterId), owner: m.owner, operator: member };
}
