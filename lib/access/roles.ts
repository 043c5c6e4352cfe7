/**
 * The layout of the 256-bit access word, mirrored field for field from
 * contracts/access/AccessWord.sol: bit 0 membership, bits 1..127 roles, bits 128..254 the
 * module's own flags, bit 255 the module's freeze. Every other number below derives from this
 * table; test/access/access-word.test.ts holds it to the Solidity library bit for bit.
 */
export const ACCESS_WORD = {
  /** Role id of the implicit membership bit (AccessWord.MEMBER_ROLE). */
  MEMBER_ROLE: 0,
  /** Highest consortium role id (AccessWord.MAX_ROLE). */
  MAX_ROLE: 127,
  /** First bit a module owns (AccessWord.MODULE_SHIFT). */
  MODULE_SHIFT: 128,
  /** Position of the freeze flag (AccessWord.FROZEN_SHIFT). */
  FROZEN_SHIFT: 255,
} as const;

const WORD = (1n << 256n) - 1n;
/** Bit 0: set on every account of an active member (AccessWord.MEMBER_BIT). */
export const MEMBER_BIT = 1n << BigInt(ACCESS_WORD.MEMBER_ROLE);
/** Bits 0..127: what the consortium pushes (AccessWord.ROLES_MASK). */
export const ROLES_MASK = (1n << BigInt(ACCESS_WORD.MODULE_SHIFT)) - 1n;
/** Bits 128..255: what a push leaves alone (AccessWord.MODULE_BITS). */
export const MODULE_BITS = WORD ^ ROLES_MASK;
/** Bit 255: frozen by the regulator in that module (AccessWord.FROZEN_BIT). */
export const FROZEN_BIT = 1n << BigInt(ACCESS_WORD.FROZEN_SHIFT);
/** Bits 128..254: the module's own flags (AccessWord.MODULE_FLAGS_MASK). */
export const MODULE_FLAGS_MASK = MODULE_BITS ^ FROZEN_BIT;
export const MAX_ROLE = ACCESS_WORD.MAX_ROLE;

/** An access word taken apart (the inverse of {@link encodeAccessWord}). */
export interface AccessWordFields {
  /** Bits 0..127: membership and roles. */
  roles: bigint;
  /** Bits 128..254, in place: the module's own flags. */
  flags: bigint;
  frozen: boolean;
}

/** Builds a word from its fields; bits outside each field are dropped (AccessWord.encode). */
export function encodeAccessWord(fields: AccessWordFields): bigint {
  return (fields.roles & ROLES_MASK) | (fields.flags & MODULE_FLAGS_MASK) | (fields.frozen ? FROZEN_BIT : 0n);
}

/** Takes a word apart (AccessWord.roles, moduleFlags, isFrozen). */
export function decodeAccessWord(word: bigint): AccessWordFields {
  return { roles: word & ROLES_MASK, flags: word & MODULE_FLAGS_MASK, frozen: (word & FROZEN_BIT) !== 0n };
}

/** Whether the word lets its account act as `role` in the module: holds it, not frozen (AccessWord.holds). */
export function holdsRole(word: bigint, role: number): boolean {
  if (role < 0 || role > MAX_ROLE) return false;
  const bit = roleBit(role);
  return (word & (bit | FROZEN_BIT)) === bit;
}

/**
 * Role ids of the consortium, mirrored from contracts/access/Roles.sol. A role is a bit in
 * an account's access word ({@link ACCESS_WORD}); MEMBER is the implicit bit 0.
 */
export const ROLES = {
  MEMBER: ACCESS_WORD.MEMBER_ROLE,
  CERT_ISSUER: 1,
  MARKET_OPERATOR: 2,
  SETTLEMENT_AGENT: 3,
  METER_OPERATOR: 4,
  GENERATOR: 5,
  RETAILER: 6,
  CONSUMER: 7,
  FUNDER: 8,
  CORE_ENTERPRISE: 9,
  SUPPLIER: 10,
  TOKEN_ISSUER: 11,
  PLATFORM_OPERATOR: 12,
  REGULATOR: 13,
  AUDITOR: 14,
  NODE_OPERATOR: 15,
} as const;

export type RoleName = keyof typeof ROLES;

/** The four permission families of consortium governance. */
export const ROLE_FAMILIES: Record<string, RoleName[]> = {
  "business operation": [
    "CERT_ISSUER",
    "SETTLEMENT_AGENT",
    "METER_OPERATOR",
    "GENERATOR",
    "RETAILER",
    "CONSUMER",
    "FUNDER",
    "CORE_ENTERPRISE",
    "SUPPLIER",
    "TOKEN_ISSUER",
  ],
  "platform operation": ["PLATFORM_OPERATOR", "MARKET_OPERATOR"],
  "ops and development": ["NODE_OPERATOR"],
  "supervision and audit": ["REGULATOR", "AUDITOR"],
};

const NAMES = new Map<number, RoleName>(
  Object.entries(ROLES).map(([name, id]) => [id, name as RoleName]),
);

/** Parses a role given by name (case-insensitive) or by number; throws a one-line error. */
export function parseRole(input: string): number {
  const trimmed = input.trim();
  if (/^\d+$/.test(trimmed)) {
    const id = Number(trimmed);
    if (id < 1 || id > MAX_ROLE) throw new Error(`role ${id} is out of range 1..${MAX_ROLE}`);
    return id;
  }
  const id = ROLES[trimmed.toUpperCase() as RoleName];
  if (id === undefined || id === ROLES.MEMBER) {
    const known = Object.keys(ROLES).filter((n) => n !== "MEMBER").join(", ");
    throw new Error(`unknown role "${input}" (known: ${known})`);
  }
  return id;
}

export function roleName(id: number): string {
  return NAMES.get(id) ?? `ROLE_${id}`;
}

/** Lists the role names set in an access word (bits 0..127: module flags and the freeze excluded). */
export function decodeRoles(word: bigint): string[] {
  const out: string[] = [];
  for (let i = 0; i <= MAX_ROLE; i++) if ((word >> BigInt(i)) & 1n) out.push(roleName(i));
  return out;
}

export function roleBit(role: number): bigint {
  return 1n << BigInt(role);
}
