import { getAddress } from "ethers";
import type { Consortium, SettlementToken } from "../../typechain-types/index.js";
import type { TaskContext } from "../core/context.js";
import { attachContract, findAddress, notDeployed, type DeployedContract } from "../core/deployments.js";
import { UserError } from "../core/errors.js";
import { TokenError } from "./errors.js";
import { ACCESS_CONTRACTS, CONSORTIUM_FUTURE_IDS, resolveConsortium } from "../access/deployment.js";

/**
 * How tasks find the settlement token. It is deployed by the access system's "Consortium" Ignition
 * module (lib/access/deployment.ts), hence its future id there.
 */
export const TOKEN_CONTRACTS = {
  token: {
    contract: "SettlementToken",
    futureId: CONSORTIUM_FUTURE_IDS.token,
    env: "TOKEN_ADDRESS",
    option: "token",
    probe: {
      call: "consortium()",
      run: async (t) => {
        await t.consortium();
        await t.decimals();
      },
    },
  } satisfies DeployedContract<SettlementToken>,
} as const;

/**
 * The SettlementToken of the connected chain and the Consortium it obeys. The consortium is
 * taken from the token itself unless --consortium (or the environment) names one, in which
 * case the two must match.
 */
export async function resolveToken(
  ctx: TaskContext,
  args: { token?: string; consortium?: string } = {},
): Promise<{ token: SettlementToken; consortium: Consortium }> {
  const f = await findAddress(ctx, TOKEN_CONTRACTS.token, args.token);
  if (!f) throw await notDeployed(ctx, TOKEN_CONTRACTS.token);
  const token = await attachContract(ctx, TOKEN_CONTRACTS.token, f);
  const authority = getAddress(await token.consortium());
  const named = (args.consortium ?? "").trim() || process.env[ACCESS_CONTRACTS.consortium.env]?.trim();
  if (named) {
    const consortium = await resolveConsortium(ctx, args);
    const address = await consortium.getAddress();
    if (authority !== address) throw new UserError(TokenError.TOKEN_MISMATCH, `token ${f.address} obeys consortium ${authority}, not ${address}`);
    return { token, consortium };
  }
  const consortium = await attachContract(ctx, ACCESS_CONTRACTS.consortium, { address: authority, source: `token ${f.address}`, hint: `check --token` });
  return { token, consortium };
}
