/**
 * The QR payload of a certificate: what a phone needs to find and check it, in at most 230
 * bytes — chain id, registry, certificate id and a pointer to the salt/proof (the receipt):
 *
 *   CV1|<chainId>|<registry b64url>|<id b64url>|<pointer>
 *
 * pointer: "s" (stored alone) or "m.<root b64url>.<leaf index>" (Merkle batch), optionally
 * followed by "~<url>" where the holder's receipt can be fetched. Binary values are base64url
 * without padding, so a Merkle certificate with a 60-character URL still fits.
 *
 * A code may instead hold a link to the verification page (web/verify/) with the payload as its
 * fragment, `<page URL>#<payload>`, so a phone's own camera app opens the page on the verdict;
 * the fragment never reaches the web server. The whole text keeps to the same 230 bytes.
 */
import { decodeBase64, encodeBase64, getAddress } from "ethers";
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

// base64url without padding, through ethers' base64 so that it runs in a browser as in Node.
const b64 = (hex: string) => encodeBase64(fromHex(hex)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64 = (s: string, bytes: number, what: string) => {
  let b: Uint8Array;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("not base64url");
    b = decodeBase64(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));
  } catch {
    throw new Error(`QR payload: ${what} is malformed`);
  }
  if (b.length !== bytes || b64(toHex(b)) !== s) throw new Error(`QR payload: ${what} is malformed`);
  return toHex(b);
};

/** Bytes of `text` in UTF-8 (what a QR code holds). */
export function qrBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Encodes a payload; throws when it would exceed {QR_MAX_BYTES}. */
export function encodeQrPayload(p: QrPayload): string {
  const pointer = p.batch ? `m.${b64(p.batch.root)}.${p.batch.index}` : "s";
  const text = `${QR_PREFIX}|${p.chainId}|${b64(p.registry)}|${b64(p.certificateId)}|${pointer}${p.url ? `~${p.url}` : ""}`;
  const size = qrBytes(text);
  if (size > QR_MAX_BYTES) {
    throw new Error(`the QR payload would be ${size} bytes, over ${QR_MAX_BYTES}: shorten the receipt URL`);
  }
  return text;
}

/**
 * The text of a code that opens the verification page at `pageUrl` on this certificate:
 * `<pageUrl>#<payload>`. Throws when the page URL is not http(s) or has a fragment, or when
 * the link would exceed {QR_MAX_BYTES} (with its size).
 */
export function encodePageLink(pageUrl: string, p: QrPayload): string {
  if (!/^https?:\/\/[^\s#]+$/.test(pageUrl)) throw new Error(`the page URL "${pageUrl}" is not an http(s) URL without a fragment (#)`);
  const payload = encodeQrPayload(p);
  const text = `${pageUrl}#${payload}`;
  const size = qrBytes(text);
  if (size > QR_MAX_BYTES) {
    throw new Error(`the page link would be ${size} bytes, over ${QR_MAX_BYTES} (page URL ${qrBytes(pageUrl)} bytes, payload ${qrBytes(payload)} bytes): shorten the page URL${p.url ? " or drop the receipt URL" : ""}`);
  }
  return text;
}

/** The payload of a scanned text: the text itself, or the fragment of a page link (percent-decoded). */
export function payloadOfText(text: string): string {
  const t = text.trim();
  if (t.startsWith(`${QR_PREFIX}|`)) return t;
  const hash = t.indexOf("#");
  if (hash < 0) return t;
  const fragment = t.slice(hash + 1);
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** Decodes a payload read from a QR code (or a page link holding one); throws one line naming what is wrong. */
export function decodeQrPayload(scanned: string): QrPayload {
  const text = payloadOfText(scanned);
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
