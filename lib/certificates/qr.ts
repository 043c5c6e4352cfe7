/**
 * The QR payload of a certificate: what a phone needs to find and check it, in at most 230
 * bytes — chain id, registry, certificate id and a pointer to the salt/proof (the receipt):
 *
 *   CV1|<chainId>|<registry b64url>|<id b64url>|<pointer>
 *
 * pointer: "s" (stored alone) or "m.<root b64url>.<leaf index>" (Merkle batch), optionally
 * followed by "~<url>" where the holder's receipt can be fetched. Binary values are base64url
 * without padding, so a Merkle certificate with a 60-character URL still fits.
 */
import { getAddress } from "ethers";
import { fromHex, toHex } from "./keccak.js";

export const QR_PREFIX = "CV1";
export const QR_MAX_BYTES = 230;

export interface QrPayload {
  chainId: number;
  registry: string;
  certificateId: string;
  /** null: stored alone. */
  batch: { root: string; index: number } | null;
  url?: string;
}

const b64 = (hex: string) => Buffer.from(fromHex(hex)).toString("base64url");
const unb64 = (s: string, bytes: number, what: string) => {
  const b = Buffer.from(s, "base64url");
  if (b.length !== bytes || b.toString("base64url") !== s) throw new Error(`QR payload: ${what} is malformed`);
  return toHex(b);
};

/** Encodes a payload; throws when it would exceed {QR_MAX_BYTES}. */
export function encodeQrPayload(p: QrPayload): string {
  const pointer = p.batch ? `m.${b64(p.batch.root)}.${p.batch.index}` : "s";
  const text = `${QR_PREFIX}|${p.chainId}|${b64(p.registry)}|${b64(p.certificateId)}|${pointer}${p.url ? `~${p.url}` : ""}`;
  const size = Buffer.byteLength(text, "utf8");
  if (size > QR_MAX_BYTES) {
    throw new Error(`the QR payload would be ${size} bytes, over ${QR_MAX_BYTES}: shorten the receipt URL`);
  }
  return text;
}

/** Decodes a payload read from a QR code; throws one line naming what is wrong. */
export function decodeQrPayload(text: string): QrPayload {
  const [main, ...rest] = text.split("~");
  const url = rest.length ? rest.join("~") : undefined;
  const parts = main.split("|");
  if (parts.length !== 5 || parts[0] !== QR_PREFIX) throw new Error(`QR payload: not a ${QR_PREFIX} certificate code`);
  const chainId = Number(parts[1]);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new Error("QR payload: chain id is malformed");
  const registry = getAddress(unb64(parts[2], 20, "registry"));
  const certificateId = unb64(parts[3], 32, "certificate id");
  let batch: QrPayload["batch"] = null;
  if (parts[4] !== "s") {
    const m = /^m\.([A-Za-z0-9_-]+)\.(\d+)$/.exec(parts[4]);
    if (!m) throw new Error("QR payload: pointer is malformed");
    batch = { root: unb64(m[1], 32, "batch root"), index: Number(m[2]) };
  }
  return { chainId, registry, certificateId, batch, ...(url ? { url } : {}) };
}
