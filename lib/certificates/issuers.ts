/**
 * Enrolling and withdrawing issuer keys (CertificateRegistry.setIssuer / removeIssuer), checked
 * before anything is sent: the key belongs to a member, the sender is an admin of that member,
 * every type exists and is allowed for that member, at most MAX_KEY_TYPES of them.
 */
import { UserError } from "../core/errors.js";
import type { CertificateRegistry, Consortium } from "../../typechain-types/index.js";
import { FROZEN_BIT, ROLES, roleBit } from "../access/roles.js";
import { loadType, type RegisteredType } from "./tasks.js";
import { CertError } from "./errors.js";
import { AccessError } from "../access/errors.js";
import { CoreError } from "../core/error-codes.js";

export interface IssuerKeyPlan {
  account: string;
  member: number;
  memberName: string;
  types: RegisteredType[];
  anyType: boolean;
  /** What the operator should know but that does not stop the enrolment. */
  notes: string[];
}

async function requireMemberAdmin(consortium: Consortium, sender: string, member: number, name: string): Promise<void> {
  const [isAdmin, senderMember] = await Promise.all([consortium.isAdmin(sender), consortium.memberOf(sender)]);
  if (!isAdmin || Number(senderMember) !== member) {
    throw new UserError(AccessError.NOT_MEMBER_ADMIN, `${sender} is not an admin of member ${member} (${name}); an admin of the key's member enrols or withdraws it`);
  }
}

/** Checks an enrolment of `account` for `typeInputs` (ids or names) by `sender`. */
export async function planSetIssuer(
  registry: CertificateRegistry,
  consortium: Consortium,
  sender: string,
  account: string,
  typeInputs: string[],
  anyType: boolean,
): Promise<IssuerKeyPlan> {
  if (typeInputs.length === 0 && !anyType) throw new UserError(CoreError.MISSING_INPUT, "--types is required (type ids or names, comma-separated), or --any-type");
  const max = Number(await registry.MAX_KEY_TYPES());
  if (typeInputs.length > max) throw new UserError(CertError.TOO_MANY_TYPES, `--types lists ${typeInputs.length} types; a key holds at most ${max} (add --any-type for the rest)`);
  const member = Number(await consortium.memberOf(account));
  if (member === 0) throw new UserError(AccessError.NOT_MEMBER_ACCOUNT, `${account} is not an account of any member; its member's admin offers it a place (access:accounts:add) and it accepts (access:accounts:accept)`);
  const memberName = (await consortium.getMember(member)).name;
  await requireMemberAdmin(consortium, sender, member, memberName);
  const types: RegisteredType[] = [];
  for (const input of typeInputs) {
    const t = await loadType(registry, input);
    if (types.some((x) => x.typeId === t.typeId)) throw new UserError(CoreError.INVALID_OPTION, `--types: type ${t.typeId} ("${t.name}") is listed twice`);
    if (!(await registry.isTypeIssuer(t.typeId, member))) {
      throw new UserError(CertError.TYPE_NOT_ALLOWED, `member ${member} (${memberName}) may not issue type ${t.typeId} ("${t.name}"); the platform operator or governance allows it first`);
    }
    types.push(t);
  }
  const notes: string[] = [];
  const word = await registry.accessWord(account);
  if (!(word & roleBit(ROLES.CERT_ISSUER))) notes.push(`${account} does not hold CERT_ISSUER yet: it can issue once governance grants it`);
  if (word & FROZEN_BIT) notes.push(`${account} is frozen in the certificate registry by the regulator: it cannot issue until unfrozen`);
  return { account, member, memberName, types, anyType, notes };
}

/** Checks a withdrawal of the issuer key `account` by `sender`; returns its enrolled member. */
export async function planRemoveIssuer(
  registry: CertificateRegistry,
  consortium: Consortium,
  sender: string,
  account: string,
): Promise<{ member: number; memberName: string }> {
  const [member] = await registry.issuerOf(account);
  if (member === 0n) throw new UserError(CertError.NOT_ISSUER_KEY, `${account} is not enrolled as an issuer key`);
  const memberName = (await consortium.getMember(member)).name;
  await requireMemberAdmin(consortium, sender, Number(member), memberName);
  return { member: Number(member), memberName };
}
