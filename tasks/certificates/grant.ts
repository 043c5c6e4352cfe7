import { getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { formatTime, print, printJson } from "../../lib/core/output.js";
import { grantsDomain, parseTime, signConsent } from "../../lib/certificates/index.js";
import { locate, resolveSharing } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { hasDurationUnit, parseAddress, requireDuration } from "../../lib/core/parse.js";
import { CertError } from "../../lib/certificates/errors.js";
import { AccessError } from "../../lib/access/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  id: string;
  receipt: string;
  grantee: string;
  expires: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

/**
 * Grants `grantee` the details of a certificate until --expires. Sent by the holder key bound in
 * the receipt, it records the holder's EIP-712 consent; sent by a key or admin of the issuing
 * member, it records the member's grant.
 */
async function grantDisclosure(args: Args, hre: HardhatRuntimeEnvironment) {
  const grantee = parseAddress("grantee", args.grantee);
  const e = args.expires.trim();
  if (!e) throw new UserError(CoreError.MISSING_INPUT, "--expires is required: a duration from now (30d) or a date (2026-12-31)");
  const ctx = await connect(hre, args);
  const now = (await ctx.ethers.provider.getBlock("latest"))!.timestamp;
  const at = hasDurationUnit(e) ? now + requireDuration("expires", e) : parseTime(e);
  if (typeof at === "string") throw new UserError(CoreError.INVALID_OPTION, `--expires: ${at}`);
  if (at <= now) throw new UserError(CoreError.INVALID_OPTION, `--expires ${formatTime(at)} is not in the future`);
  const registry = await resolveRegistry(ctx, args.registry);
  const { grants } = await resolveSharing(ctx, registry);
  const c = await locate(registry, args);
  const member = (c.record ?? c.batch)!.member;
  const signer = await ctx.signer();
  const g2 = grants.connect(signer);
  let byHolder = false;
  let hash: string;
  if (c.receipt && c.receipt.holder.key !== "0x0000000000000000000000000000000000000000" && getAddress(c.receipt.holder.key) === signer.address) {
    byHolder = true;
    const consent = { certificateId: c.id, grantee, expiresAt: BigInt(at), nonce: BigInt(Date.now()), deadline: BigInt(now + 3600) };
    const sig = await signConsent(signer, grantsDomain(ctx.chainId, await grants.getAddress()), consent);
    await g2.grantByHolder.staticCall(consent, c.receipt.contentDigest, c.receipt.holder.blind, c.placement, sig);
    hash = (await ctx.wait(g2.grantByHolder(consent, c.receipt.contentDigest, c.receipt.holder.blind, c.placement, sig))).hash;
  } else {
    if (await grants.paused()) throw new UserError(AccessError.MODULE_PAUSED, "the grants module is paused by the regulator; nothing was sent");
    const consortium = await ctx.ethers.getContractAt("Consortium", await registry.consortium());
    const isKey = Number(await registry.issuerMember(signer.address)) === member;
    const isAdmin = (await consortium.isAdmin(signer.address)) && Number(await consortium.memberOf(signer.address)) === member;
    if (!isKey && !isAdmin) {
      throw new UserError(CertError.NOT_HOLDER_OR_ISSUER, `${signer.address} neither holds this certificate (its receipt's holder key) nor acts for member ${member}, which issued it`);
    }
    await g2.grantByIssuer.staticCall(c.id, c.placement, grantee, at);
    hash = (await ctx.wait(g2.grantByIssuer(c.id, c.placement, grantee, at))).hash;
  }
  const out = { certificateId: c.id, grantee, expiresAt: at, byHolder, tx: hash };
  if (args.json) printJson(out);
  else {
    print(`${grantee} may see the details of ${c.id} until ${formatTime(at)} (${byHolder ? "holder's consent" : `grant of member ${member}`})`);
    print(`tx ${hash}`);
  }
  return out;
}

export default runAction(grantDisclosure);
