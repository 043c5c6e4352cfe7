/**
 * Role ids of the consortium, mirrored from contracts/access/Roles.sol. A role is a bit in
 * an account's 256-bit access word; bit 0 (MEMBER) is implicit and bit 255 is a module's
 * local freeze flag.
 */
export const ROLES = {
  MEMBER: 0,
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

export const FROZEN_BIT = 1n << 255n;
export const MAX_ROLE = 127;

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

/** Lists the role names set in an access word, bit 255 (frozen) excluded. */
export function decodeRoles(word: bigint): string[] {
  const out: string[] = [];
  for (let i = 0; i <= MAX_ROLE; i++) if ((word >> BigInt(i)) & 1n) out.push(roleName(i));
  return out;
}

export function roleBit(role: number): bigint {
  return 1n << BigInt(role);
}
