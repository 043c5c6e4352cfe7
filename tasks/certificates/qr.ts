import path from "node:path";
import { mkdir, writeFile } from "node:fs/promises";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import QRCode from "qrcode";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { encodePageLink, encodeQrPayload, qrBytes, type QrPayload } from "../../lib/certificates/index.js";
import { readReceipt } from "../../lib/certificates/tasks.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  receipt: string;
  out: string;
  format: string;
  url: string;
  page: string;
  json: boolean;
}

/** A QR code (PNG or SVG) of a receipt: chain id, registry, certificate id and where its salt/proof is. */
async function writeQrCode(args: Args, _hre: HardhatRuntimeEnvironment) {
  const receipt = await readReceipt(args.receipt);
  const out = args.out.trim() || path.join("receipts", `${receipt.certificateId}.png`);
  const format = (args.format.trim() || path.extname(out).slice(1) || "png").toLowerCase();
  if (format !== "png" && format !== "svg") throw new UserError(CoreError.INVALID_OPTION, `--format "${format}": png or svg`);
  const url = args.url.trim();
  if (url && !/^https?:\/\/\S+$/.test(url)) throw new UserError(CoreError.INVALID_OPTION, `--url "${url}" is not an http(s) URL`);
  const page = args.page.trim();
  if (page && !/^https?:\/\/[^\s#]+$/.test(page)) throw new UserError(CoreError.INVALID_OPTION, `--page "${page}" is not an http(s) URL without a fragment (#)`);
  const fields: QrPayload = {
    chainId: receipt.chainId,
    registry: receipt.registry,
    certificateId: receipt.certificateId,
    batch: receipt.placement ? { root: receipt.placement.root, index: receipt.placement.index } : null,
    ...(url ? { url } : {}),
  };
  let payload: string;
  try {
    payload = page ? encodePageLink(page, fields) : encodeQrPayload(fields);
  } catch (e) {
    throw new UserError(CertError.INVALID_QR, (e as Error).message);
  }
  await mkdir(path.dirname(out), { recursive: true });
  if (format === "svg") await writeFile(out, await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M" }));
  else await writeFile(out, await QRCode.toBuffer(payload, { type: "png", errorCorrectionLevel: "M", scale: 6 }));
  const result = { file: out, format, payload, bytes: qrBytes(payload) };
  if (args.json) printJson(result);
  else {
    print(`QR code written to ${out} (${format}, ${result.bytes} bytes of payload)`);
    print(payload);
  }
  return result;
}

export default runAction(writeQrCode);
