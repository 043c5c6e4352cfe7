/**
 * Finds opcodes a London-level chain (Geth Clique) cannot execute in EVM bytecode:
 * PUSH0 (Shanghai), TLOAD/TSTORE/MCOPY (Cancun). Walks the code as the EVM would, skipping
 * PUSH immediates, and stops before the Solidity CBOR metadata trailer, so data bytes that
 * merely look like those opcodes are not reported.
 */
export const POST_LONDON_OPCODES: Record<number, string> = {
  0x5c: "TLOAD",
  0x5d: "TSTORE",
  0x5e: "MCOPY",
  0x5f: "PUSH0",
};

export interface ForbiddenOpcode {
  offset: number;
  opcode: string;
}

function toBytes(code: string): Uint8Array {
  const hex = code.startsWith("0x") ? code.slice(2) : code;
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new Error("bytecode is not even-length hex");
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** Length of the code before solc's metadata: the last two bytes give the CBOR length. */
export function executableLength(bytes: Uint8Array): number {
  if (bytes.length < 2) return bytes.length;
  const cborLength = (bytes[bytes.length - 2] << 8) | bytes[bytes.length - 1];
  const start = bytes.length - 2 - cborLength;
  // A CBOR map of solc metadata starts with 0xa1..0xa5 (map of 1..5 entries).
  if (start >= 0 && bytes[start] >= 0xa1 && bytes[start] <= 0xa5) return start;
  return bytes.length;
}

export function findPostLondonOpcodes(code: string): ForbiddenOpcode[] {
  const bytes = toBytes(code);
  const end = executableLength(bytes);
  const found: ForbiddenOpcode[] = [];
  for (let pc = 0; pc < end; pc++) {
    const op = bytes[pc];
    const name = POST_LONDON_OPCODES[op];
    if (name) found.push({ offset: pc, opcode: name });
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f; // PUSH1..PUSH32 immediates
  }
  return found;
}
