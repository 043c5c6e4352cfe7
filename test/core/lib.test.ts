import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import hre from "hardhat";
import { AbiCoder, Interface, keccak256, toUtf8Bytes } from "ethers";
import { formatAmount, parseAmount, parseRef } from "../../lib/core/amounts.js";
import { decodeRevert, describeError, describeFailure, loadErrorCatalog, registerEnums, runAction, UserError, type ErrorCatalog } from "../../lib/core/errors.js";
import { CoreError, defineErrorCodes, registeredErrorCodes } from "../../lib/core/error-codes.js";
import { AccessError } from "../../lib/access/errors.js";
import "../../lib/certificates/errors.js";
import { captureOutput } from "../../lib/core/output.js";
import { minesOnDemand } from "../../lib/core/tx.js";
import { hasDurationUnit, parseAddress, parseBps, parseBytes32, parseCount, parseDuration, parseId } from "../../lib/core/parse.js";
import { ROLES, roleBit } from "../../lib/access/roles.js";
import { describePayload } from "../../lib/access/consortium.js";
import { encodePayload } from "../../lib/access/proposals.js";

async function iface(name: string): Promise<Interface> {
  return new Interface((await hre.artifacts.readArtifact(name)).abi);
}

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const M = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

describe("lib: one parser per kind of input (docs/input-formats.md)", () => {
  it("[DEP-02] durations: seconds, one or more units s m h d w y, spaces between parts", () => {
    expect(parseDuration("3600")).to.equal(3600);
    expect(parseDuration("90s")).to.equal(90);
    expect(parseDuration("1d 12h")).to.equal(129600);
    expect(parseDuration("2w")).to.equal(1209600);
    expect(parseDuration("5y")).to.equal(5 * 365 * 86400);
    expect(parseDuration("30 d")).to.equal(30 * 86400);
    for (const bad of ["3 days", "soon", "-1s", "1.5h", ""]) expect(parseDuration(bad), bad).to.equal(undefined);
    expect(hasDurationUnit("30d")).to.equal(true);
    expect(hasDurationUnit("2026-12-31")).to.equal(false);
  });

  it("[TASK-03] addresses, ids, counts, bytes32 and basis points: one line naming the option", () => {
    expect(parseAddress("to", A.toLowerCase())).to.equal(A);
    expect(() => parseAddress("to", "0x12")).to.throw(UserError, '--to: "0x12" is not an address');
    expect(() => parseAddress("to", " ")).to.throw(UserError, "--to is required (an address)");
    expect(() => parseAddress("TOKEN_ADDRESS", "x")).to.throw(UserError, 'TOKEN_ADDRESS: "x" is not an address');
    expect(() => parseAddress("", "bank")).to.throw(UserError, '"bank" is not an address');
    expect(parseId("member", "3")).to.equal(3n);
    expect(() => parseId("member", "0")).to.throw(UserError, '--member: "0" is not a member id (1, 2, ...)');
    expect(parseCount("page-size", "", 50, 1)).to.equal(50);
    expect(() => parseCount("page-size", "0", 50, 1)).to.throw(UserError, '--page-size: "0" is not a whole number >= 1');
    expect(parseBytes32("id", "0x" + "AB".repeat(32))).to.equal("0x" + "ab".repeat(32));
    expect(() => parseBytes32("id", "0x12")).to.throw(UserError, '--id: "0x12" is not 32 bytes of hex');
    expect(parseBps("50%")).to.equal(5000);
    expect(parseBps("66.66%")).to.equal(6666);
    expect(parseBps("half")).to.equal(undefined);
  });
});

describe("lib: amounts and references", () => {
  it("[TASK-14] parses yuan with up to 2 decimals into token units", () => {
    expect(parseAmount("12.50")).to.equal(1250n);
    expect(parseAmount("12.5")).to.equal(1250n);
    expect(parseAmount("12")).to.equal(1200n);
    expect(parseAmount("0.01")).to.equal(1n);
    expect(parseAmount("1000.00")).to.equal(100000n);
    expect(parseAmount("0.5")).to.equal(50n);
    expect(parseAmount("007")).to.equal(700n);
  });

  it("[TOK-20] refuses every amount that another reader could take for a different sum, instead of reinterpreting it", () => {
    // Each of these was once read by stripping separators: "1,5" became 15.00 yuan.
    for (const input of ["1,5", "1.000,50", "12,50", "1,000.00", "1_0", " 12", "12 ", "1 000", "\u0661\u0662", "\uff11\uff12", "12.", ".5", "+5", "0x10", "1.2.3", "12\n"]) {
      let caught: unknown;
      try {
        parseAmount(input);
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(input)).to.be.instanceOf(UserError);
      const err = caught as UserError;
      expect(err.code, JSON.stringify(input)).to.equal("INVALID_AMOUNT");
      expect(err.fields, JSON.stringify(input)).to.deep.equal({ field: "--amount", value: input });
      expect(err.message.split("\n"), JSON.stringify(input)).to.have.length(1);
      expect(err.message).to.include("no separators or spaces");
    }
  });

  it("[TASK-14] refuses malformed, negative, zero and over-precise amounts with one line", () => {
    expect(() => parseAmount("1.234")).to.throw(UserError, '--amount: "1.234" has more than 2 decimals (1 unit = 0.01 yuan)');
    expect(() => parseAmount("-5")).to.throw(UserError, '--amount: "-5" is not an amount in yuan: digits with an optional "." and up to 2 decimals, no separators or spaces (e.g. 1000 or 12.50)');
    expect(() => parseAmount("abc")).to.throw(UserError, "is not an amount in yuan");
    expect(() => parseAmount("1e3")).to.throw(UserError, "is not an amount in yuan");
    expect(() => parseAmount("0.00")).to.throw(UserError, "--amount must be greater than 0");
    expect(() => parseAmount("")).to.throw(UserError, "--amount is required");
  });

  it("[TASK-14] formats token units as yuan", () => {
    expect(formatAmount(125000n)).to.equal("1,250.00");
    expect(formatAmount(5n)).to.equal("0.05");
    expect(formatAmount(100000000n, false)).to.equal("1000000.00");
  });

  it("[TASK-14] hashes a text reference with keccak256 and keeps 0x+64 hex as is", () => {
    const r = parseRef("DEP-2025-000001");
    expect(r.hashed).to.equal(true);
    expect(r.ref).to.equal(keccak256(toUtf8Bytes("DEP-2025-000001")));
    const hex = "0x" + "AB".repeat(32);
    expect(parseRef(hex)).to.deep.equal({ ref: hex.toLowerCase(), input: hex, hashed: false });
    expect(() => parseRef("0x1234")).to.throw(UserError, "is not 32 bytes");
    expect(() => parseRef("0x" + "0".repeat(64))).to.throw(UserError, "--ref must not be zero");
    expect(() => parseRef(" ")).to.throw(UserError, "--ref is required");
  });
});

describe("lib: transactions", () => {
  it("[TASK-33] a node that mines on demand is told apart from one that produces blocks (Geth has neither automine method)", async () => {
    const node = (answers: Record<string, unknown>) => ({
      send: async (method: string) => {
        if (!(method in answers)) throw new Error(`the method ${method} does not exist/is not available`);
        return answers[method];
      },
    });
    expect(await minesOnDemand(node({ hardhat_getAutomine: true }))).to.equal(true);
    expect(await minesOnDemand(node({ anvil_getAutomine: true }))).to.equal(true);
    expect(await minesOnDemand(node({ anvil_getAutomine: false }))).to.equal(false); // anvil --block-time
    expect(await minesOnDemand(node({}))).to.equal(false); // geth
    const { provider } = await hre.network.getOrCreate();
    expect(await minesOnDemand(provider as never)).to.equal(true); // the in-process network, automine
  });
});

describe("lib: revert decoding", () => {
  let catalog: ErrorCatalog;
  let consortium: Interface;
  let token: Interface;

  before(async () => {
    catalog = await loadErrorCatalog(hre.artifacts);
    consortium = await iface("Consortium");
    token = await iface("SettlementToken");
  });

  it("[TASK-02] renders custom errors as Name(arg=value) with enums by name", () => {
    expect(catalog.decode(consortium.encodeErrorResult("ProposalNotReady", [3, 1]))?.text).to.equal("ProposalNotReady(proposalId=3, state=Active)");
    expect(catalog.decode(consortium.encodeErrorResult("MemberNotActive", [2, 2]))?.text).to.equal("MemberNotActive(memberId=2, status=Suspended)");
    expect(catalog.decode(consortium.encodeErrorResult("AlreadyVoted", [1, 4, 3]))?.text).to.equal("AlreadyVoted(proposalId=1, memberId=4, support=Abstain)");
    expect(catalog.decode(consortium.encodeErrorResult("InvalidVotingRules", ["quorumBps must be 1..10000"]))?.text).to.equal(
      'InvalidVotingRules(reason="quorumBps must be 1..10000")',
    );
  });

  it("[TASK-02] each system registers its own enums: qualified names keep generic ones apart", () => {
    const status = { type: "uint8", name: "status", internalType: "enum ICertificateRegistry.Status" };
    expect(catalog.renderValue(status, 2)).to.equal("Revoked");
    expect(catalog.renderValue({ ...status, internalType: "enum AssessmentRegistry.AssessmentStatus" }, 1)).to.equal("Positive");
    // A new system adds its own without touching lib/core; one name cannot get two meanings.
    registerEnums({ "EnergyMarket.Status": ["Open", "Closed"] });
    expect(catalog.renderValue({ ...status, internalType: "enum EnergyMarket.Status" }, 1)).to.equal("Closed");
    expect(() => registerEnums({ MemberStatus: ["None", "Gone"] })).to.throw("enum MemberStatus is already registered with other members");
  });

  it("[TASK-02] renders role ids and role words by name, addresses checksummed", () => {
    expect(catalog.decode(token.encodeErrorResult("AccessDenied", [A.toLowerCase(), ROLES.TOKEN_ISSUER]))?.text).to.equal(
      `AccessDenied(account=${A}, role=TOKEN_ISSUER)`,
    );
    const word = roleBit(ROLES.TOKEN_ISSUER) | roleBit(ROLES.REGULATOR);
    expect(catalog.decode(consortium.encodeErrorResult("AccountHoldsRoles", [A, word]))?.text).to.equal(
      `AccountHoldsRoles(account=${A}, roles=TOKEN_ISSUER|REGULATOR)`,
    );
    expect(catalog.decode(consortium.encodeErrorResult("RoleAlreadyGranted", [A, ROLES.REGULATOR]))?.text).to.equal(
      `RoleAlreadyGranted(account=${A}, role=REGULATOR)`,
    );
  });

  it("[TASK-02] decodes the reason nested in ModuleCallFailed, Error(string) and Panic", () => {
    const inner = token.encodeErrorResult("AccessDenied", [M, ROLES.TOKEN_ISSUER]);
    expect(catalog.decode(consortium.encodeErrorResult("ModuleCallFailed", [M, inner]))?.text).to.equal(
      `ModuleCallFailed(module=${M}, reason=AccessDenied(account=${M}, role=TOKEN_ISSUER))`,
    );
    expect(catalog.decode(consortium.encodeErrorResult("ModuleCallFailed", [M, "0x"]))?.text).to.equal(`ModuleCallFailed(module=${M}, reason=empty)`);
    const coder = AbiCoder.defaultAbiCoder();
    expect(catalog.decode("0x08c379a0" + coder.encode(["string"], ["nope"]).slice(2))?.text).to.equal('Error(message="nope")');
    expect(catalog.decode("0x4e487b71" + coder.encode(["uint256"], [0x11]).slice(2))?.text).to.equal(
      "Panic(code=0x11 (arithmetic overflow or underflow))",
    );
    expect(catalog.decode("0xdeadbeef")).to.equal(undefined);
  });

  it("[TASK-02] finds revert data anywhere in an ethers/provider error and never prints raw hex", async () => {
    const data = consortium.encodeErrorResult("UnknownMember", [9]);
    expect(decodeRevert(catalog, { info: { error: { data } } })?.text).to.equal("UnknownMember(memberId=9)");
    expect(decodeRevert(catalog, new Error(`execution reverted: custom error ${data}`))?.text).to.equal("UnknownMember(memberId=9)");
    expect(await describeError({ code: "CALL_EXCEPTION", data, message: "x" }, hre.artifacts)).to.equal("reverted with UnknownMember(memberId=9)");
    const unknown = await describeError({ code: "CALL_EXCEPTION", data: "0xdeadbeef", message: "execution reverted (0xdeadbeef)" }, hre.artifacts);
    expect(unknown).to.equal("reverted with an unknown custom error (selector 0xdeadbeef)");
    expect(await describeError(new UserError(AccessError.UNKNOWN_MEMBER, "member 9 does not exist"))).to.equal("member 9 does not exist");
    expect(await describeFailure({ code: "CALL_EXCEPTION", data, message: "x" }, hre.artifacts)).to.deep.equal({
      message: "reverted with UnknownMember(memberId=9)",
      code: "REVERTED",
      fields: { error: "UnknownMember", memberId: "9" },
    });
    expect(await describeError(new Error("first line\n  second line"))).to.equal("first line");
  });

  it("[TASK-02] decodes module calldata for CallModule payloads", async () => {
    const data = token.encodeFunctionData("pause", ["incident 42"]);
    expect(catalog.decodeCall(data)).to.equal('pause(reason="incident 42")');
    const { summary } = await describePayload(undefined, "CallModule", encodePayload("CallModule", [M, data]), (d) => catalog.decodeCall(d));
    expect(summary).to.equal(`CallModule(module=${M}, call=pause(reason="incident 42"))`);
  });

  it("[TASK-01] runAction turns any failure into one stderr line and a failed Result with its code", async () => {
    const action = runAction(async function refuseAddress(args: { json?: boolean }) {
      throw new UserError(CoreError.INVALID_ADDRESS, `--to: "0x12" is not an address`, { field: "--to", value: "0x12", json: !!args.json });
    });
    expect(action.name).to.equal("refuseAddress");
    const out = captureOutput();
    let result, asJson;
    try {
      result = await action({}, hre);
      asJson = await action({ json: true }, hre);
    } finally {
      out.restore();
    }
    expect(result).to.deep.equal({
      success: false,
      error: '--to: "0x12" is not an address',
      code: "INVALID_ADDRESS",
      fields: { field: "--to", value: "0x12", json: false },
    });
    expect(asJson).to.include({ success: false, code: "INVALID_ADDRESS" });
    // With --json the one line carries the code and fields too (stdout stays JSON only).
    expect(out.stderr).to.have.length(2);
    expect(out.stderr[0]).to.equal('error: --to: "0x12" is not an address');
    expect(JSON.parse(out.stderr[1]!.slice("error: ".length))).to.deep.equal({
      code: "INVALID_ADDRESS",
      message: '--to: "0x12" is not an address',
      fields: { field: "--to", value: "0x12", json: true },
    });
    expect(out.stdout).to.deep.equal([]);
    const ok = await runAction(async () => 42)({}, hre);
    expect(ok).to.deep.equal({ success: true, value: 42 });
  });

  it("[TASK-01] error codes are UPPER_SNAKE_CASE and each belongs to one system", () => {
    const codes = registeredErrorCodes();
    for (const [code, system] of codes) expect(code, system).to.match(/^[A-Z][A-Z0-9_]*$/);
    expect(codes.get("INVALID_ADDRESS")).to.equal("core");
    expect(codes.get("UNKNOWN_MEMBER")).to.equal("access");
    expect(() => defineErrorCodes("energy", ["UNKNOWN_MEMBER"])).to.throw("error code UNKNOWN_MEMBER of energy is already declared by access");
  });
});

describe("tasks: every action is named", () => {
  it("[TASK-01] each tasks/<system>/<action>.ts exports a named action as default", async () => {
    const root = path.join(process.cwd(), "tasks");
    const files = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "core")
      .flatMap((d) => readdirSync(path.join(root, d.name)).map((f) => path.join(root, d.name, f)))
      .filter((f) => f.endsWith(".ts") && !/[\\/](index|nodes|status|[a-z]+-tasks)\.ts$/.test(f));
    expect(files.length).to.be.greaterThan(30);
    for (const file of files) {
      const action = (await import(pathToFileURL(file).href)).default as unknown;
      expect(action, file).to.be.a("function");
      expect((action as { name: string }).name, file).to.match(/^[a-z][A-Za-z]+$/).and.not.match(/^(action|wrapped)$/);
    }
  });
});

describe("lib: the product core imports nothing above it", () => {
  it("[TASK-01] no file of lib/ imports from deploy/, tasks/, scripts/, tooling/ or test/", () => {
    const files = (readdirSync("lib", { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => path.join("lib", f));
    expect(files.length).to.be.greaterThan(30);
    const upward: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        const target = path.normalize(path.join(path.dirname(file), m[1]!));
        if (m[1]!.startsWith(".") && /^(deploy|tasks|scripts|tooling|test)[\\/]/.test(target)) upward.push(`${file} -> ${m[1]}`);
      }
    }
    expect(upward).to.deep.equal([]);
  });

  it("[TASK-01] lib/core/ imports no system: each system registers what it adds (codes, enums, contracts)", () => {
    const files = (readdirSync("lib/core") as string[]).filter((f) => f.endsWith(".ts")).map((f) => path.join("lib/core", f));
    const intoSystems: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        const target = path.normalize(path.join(path.dirname(file), m[1]!));
        if (m[1]!.startsWith(".") && /^lib[\\/](?!core[\\/])/.test(target)) intoSystems.push(`${file} -> ${m[1]}`);
      }
    }
    expect(intoSystems).to.deep.equal([]);
  });
});

