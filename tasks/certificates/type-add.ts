import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { readJsonFile, requireOperator } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { parseId, requireDuration } from "../../lib/core/parse.js";
import { CertError } from "../../lib/certificates/errors.js";
import { AccessError } from "../../lib/access/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  name: string;
  fields: string;
  members: string;
  validity: string;
  revocable: boolean;
  suspendable: boolean;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function addCertificateType(args: Args, hre: HardhatRuntimeEnvironment) {
  const name = args.name.trim();
  if (!name) throw new UserError(CoreError.MISSING_INPUT, "--name is required");
  if (Buffer.byteLength(name) > 64) throw new UserError(CoreError.INVALID_OPTION, `--name is ${Buffer.byteLength(name)} bytes, at most 64`);
  const rawFields = args.fields.trim();
  if (!rawFields) throw new UserError(CoreError.MISSING_INPUT, '--fields is required: "name,major,graduatedOn" or @fields.json (a JSON array)');
  const fields = rawFields.startsWith("@")
    ? await readJsonFile("fields", rawFields.slice(1))
    : rawFields.split(",").map((f) => f.trim());
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== "string" || f.trim() === "")) {
    throw new UserError(CoreError.INVALID_OPTION, "--fields must list 1..64 non-empty field names");
  }
  if (fields.length > 64) throw new UserError(CoreError.INVALID_OPTION, `--fields lists ${fields.length} names, at most 64`);
  const dup = fields.find((f, i) => fields.indexOf(f) !== i);
  if (dup) throw new UserError(CoreError.INVALID_OPTION, `--fields: "${dup}" appears twice`);
  const tooLong = fields.find((f) => Buffer.byteLength(f) > 64);
  if (tooLong) throw new UserError(CoreError.INVALID_OPTION, `--fields: "${tooLong.slice(0, 20)}..." is longer than 64 bytes`);
  const members = args.members.trim() ? args.members.split(",").map((m) => String(parseId("members", m, "member"))) : [];
  const validity = args.validity.trim() ? requireDuration("validity", args.validity) : 0;

  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const signer = await ctx.signer();
  await requireOperator(registry, signer.address);
  const consortium = await ctx.ethers.getContractAt("Consortium", await registry.consortium());
  const memberCount = Number(await consortium.memberCount());
  for (const m of members) {
    if (Number(m) > memberCount) throw new UserError(AccessError.UNKNOWN_MEMBER, `--members: member ${m} does not exist (members are 1..${memberCount})`);
  }
  const count = Number(await registry.typeCount());
  for (let t = 1; t <= count; t++) {
    if ((await registry.getType(t)).name === name) throw new UserError(CertError.TYPE_TAKEN, `type ${t} is already named "${name}"`);
  }
  const r = registry.connect(signer);
  const call = [name, fields as string[], validity, args.revocable, args.suspendable, members.map(Number)] as const;
  const typeId = Number(await r.registerType.staticCall(...call));
  const receipt = await ctx.wait(r.registerType(...call));
  const out = { typeId, name, fields, defaultValidity: validity, revocable: args.revocable, suspendable: args.suspendable, members: members.map(Number), tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`registered type ${typeId} "${name}": ${fields.length} fields (${(fields as string[]).join(", ")})`);
    print(`issuing members: ${members.length ? members.join(", ") : "none yet"}; default validity ${validity ? `${validity} s` : "none"}; ${args.revocable ? "revocable" : "not revocable"}, ${args.suspendable ? "suspendable" : "not suspendable"}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(addCertificateType);
