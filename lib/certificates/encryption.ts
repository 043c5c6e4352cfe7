/**
 * Detail payloads encrypted to a grantee (ECIES on secp256k1 with AES-256-GCM, via eciesjs):
 * the grantee's key is the public key of its Ethereum account, registered on chain in
 * DisclosureGrants.setEncryptionKey (64 bytes, no 0x04 prefix), so only the holder of that
 * account's private key can read the detail.
 */
import { decrypt, encrypt } from "eciesjs";
import { SigningKey } from "ethers";
import { canonicalJson } from "./canonical.js";
import { fromHex, keccakHex, toHex } from "./keccak.js";

/** The 64-byte public key (hex, no 0x04 prefix) of a private key. */
export function encryptionPublicKey(privateKey: string): string {
  return "0x" + new SigningKey(privateKey).publicKey.slice(4);
}

/** Encrypts a JSON payload (canonicalised) to a 64-byte public key; returns the ciphertext hex. */
export function encryptDetail(publicKey: string, payload: unknown): string {
  const key = fromHex(publicKey);
  if (key.length !== 64) throw new Error("an encryption key is 64 bytes (uncompressed, without 0x04)");
  const raw = new Uint8Array(65);
  raw[0] = 4;
  raw.set(key, 1);
  return toHex(encrypt(raw, new TextEncoder().encode(canonicalJson(payload))));
}

/** Decrypts a ciphertext with the grantee's private key and parses the JSON payload. */
export function decryptDetail(privateKey: string, ciphertext: string): unknown {
  const plain = decrypt(fromHex(privateKey), fromHex(ciphertext));
  return JSON.parse(new TextDecoder().decode(plain));
}

/** keccak256 of a ciphertext, as recorded on chain with its delivery. */
export function ciphertextDigest(ciphertext: string): string {
  return keccakHex(fromHex(ciphertext));
}
