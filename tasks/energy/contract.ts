import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { parseAddress } from "../../lib/core/parse.js";
import { print, printJson } from "../../lib/core/output.js";
import { bilateralDomain, contractId, signTerms, type BilateralTerms } from "../../lib/energy/bilateral.js";
import { resolveBilateral } from "../../lib/energy/statements-deployment.js";
import { parseDigestText, parsePeriod, parseWhole } from "../../lib/energy/statements-input.js";

interface Args {
  bilateral: string;
  seller: string;
  buyer: string;
  period: string;
  quantity: string;
  price: string;
  ref: string;
  deadline: string;
  sign: boolean;
  sellerSig: string;
  buyerSig: string;
  from: string;
  confirmations: string;
  json: boolean;
}

const SIG = /^0x[0-9a-fA-F]{130}$/;

async function bilateralContract(args: Args, hre: HardhatRuntimeEnvironment) {
  const terms: BilateralTerms = {
    seller: parseAddress("seller", args.seller, "the seller's account"),
    buyer: parseAddress("buyer", args.buyer, "the buyer's account"),
    period: parsePeriod(args.period),
    quantityWh: parseWhole("quantity", args.quantity, "Wh for the period", 1n, 10n ** 15n),
    price: parseWhole("price", args.price, "cents per MWh", 0n, 10n ** 9n),
    ref: parseDigestText("ref", args.ref),
    deadline: parseWhole("deadline", args.deadline, "unix time the signatures expire", 1n),
  };
  if (!args.sign) {
    for (const [field, v] of [["seller-sig", args.sellerSig], ["buyer-sig", args.buyerSig]] as const) {
      if (!SIG.test(v.trim())) throw new UserError(CoreError.MISSING_INPUT, `--${field} is required to register (a 65-byte signature, 0x + 130 hex); sign with --sign first`, { field });
    }
  }
  const ctx = await connect(hre, args);
  const bilateral = await resolveBilateral(ctx, args.bilateral);
  const signer = await ctx.signer();
  const id = contractId(terms.seller, terms.buyer, terms.ref);
  if (args.sign) {
    if (signer.address !== terms.seller && signer.address !== terms.buyer) {
      throw new UserError(CoreError.INVALID_OPTION, `--from ${signer.address} is neither the seller nor the buyer: only a party signs`, { from: signer.address });
    }
    const signature = await signTerms(signer, bilateralDomain(ctx.chainId, await bilateral.getAddress()), terms);
    const out = { id, signer: signer.address, role: signer.address === terms.seller ? "seller" : "buyer", signature };
    if (args.json) printJson(out);
    else print(`${out.role} ${signer.address} signed contract ${id}\nsignature ${signature}`);
    return out;
  }
  const b = bilateral.connect(signer);
  await b.register.staticCall(terms, args.sellerSig.trim(), args.buyerSig.trim());
  const receipt = await ctx.wait(b.register(terms, args.sellerSig.trim(), args.buyerSig.trim()));
  const out = { id, seller: terms.seller, buyer: terms.buyer, period: terms.period.toString(), quantityWh: terms.quantityWh.toString(), price: terms.price.toString(), tx: receipt.hash };
  if (args.json) printJson(out);
  else print(`registered contract ${id}: ${terms.seller} sells ${terms.buyer} ${terms.quantityWh} Wh in period ${terms.period} at ${terms.price} cents/MWh\ntx ${receipt.hash}`);
  return out;
}

export default runAction(bilateralContract);
