// The certificate system's fixture: the consortium of the kit (./consortium.ts) with the four
// certificate modules registered at genesis, its members, clerks and types, and sample documents.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ROLES } from "../../lib/access/roles.js";
import { DEFAULT_RULES, deployConsortiumWith, ethers, eip1193, executeTx, networkHelpers, propose, vote, waitUntilReady, addAndAccept } from "./consortium.js";
import {
  encodeTerms,
  identify,
  prepare,
  buildMerkleBatch,
  merkleReceipt,
  receiptOf,
  placementOf,
  type CertificateInput,
  type Fields,
  type PreparedCertificate,
  type TypeSpec,
} from "../../lib/certificates/index.js";

export { ethers, networkHelpers, eip1193 };

export const DAY = 86_400;
export const YEAR = 365 * DAY;

/** Member ids of the fixture. */
export const CIVIL = 1; // Nanjing Civil Affairs Bureau (民政)
export const UNIVERSITY = 2; // Nanjing University
export const LICENSING = 3; // Market Supervision licensing office
export const PLATFORM = 4; // Big Data Bureau, runs the platform (PLATFORM_OPERATOR)
export const REGULATOR_MEMBER = 5; // regulator (REGULATOR)
export const BANK = 6; // a bank that queries details

/** Type ids registered by the fixture. */
export const MARRIAGE = 1; // civil, revocable, not suspendable, no expiry
export const DEGREE = 2; // university, revocable, not suspendable
export const LICENCE = 3; // licensing, revocable and suspendable, 5-year default validity
export const BIRTH = 4; // civil, neither revocable nor suspendable

export const TYPE_SPECS: Record<number, TypeSpec & { revocable: boolean; suspendable: boolean; members: number[] }> = {
  [MARRIAGE]: {
    typeId: MARRIAGE,
    name: "Marriage certificate (结婚证)",
    fields: ["spouse1", "spouse2", "registeredOn", "registrationNo"],
    defaultValidity: 0,
    revocable: true,
    suspendable: false,
    members: [CIVIL],
  },
  [DEGREE]: {
    typeId: DEGREE,
    name: "Bachelor's degree (学士学位证书)",
    fields: ["name", "major", "degree", "graduatedOn", "certificateNo"],
    defaultValidity: 0,
    revocable: true,
    suspendable: false,
    members: [UNIVERSITY],
  },
  [LICENCE]: {
    typeId: LICENCE,
    name: "Business licence (营业执照)",
    fields: ["companyName", "creditCode", "legalRepresentative", "scope"],
    defaultValidity: 5 * YEAR,
    revocable: true,
    suspendable: true,
    members: [LICENSING],
  },
  [BIRTH]: {
    typeId: BIRTH,
    name: "Birth record (出生医学证明)",
    fields: ["name", "bornOn", "placeOfBirth"],
    defaultValidity: 0,
    revocable: false,
    suspendable: false,
    members: [CIVIL],
  },
};

/** Reason codes used in tests (lib/certificates/codec REASONS). */
export const REASON = { ERROR: 1, CHANGED: 2, PENALTY: 4, INVESTIGATION: 9, CLEARED: 10 } as const;

export const EARN_RATE = 10n;
export const QUERY_COST = 3n;

/**
 * Six founding members (one admin each), the four certificate modules registered at genesis,
 * then four clerk accounts added by their members and granted CERT_ISSUER by vote, the ledger
 * set, four types registered by the platform operator, the clerks enrolled by their admins,
 * and the points rates set by a governance CallModule.
 */
async function deploy() {
  const s = await ethers.getSigners();
  const [deployer, civilAdmin, uniAdmin, licAdmin, operator, regulator, bankAdmin] = s;
  const [civilClerk, civilClerk2, uniClerk, licClerk, relayer, outsider, evaluator, ...others] = s.slice(7);
  const admins = [civilAdmin, uniAdmin, licAdmin, operator, regulator, bankAdmin];
  const names = [
    "Nanjing Civil Affairs Bureau",
    "Nanjing University",
    "Nanjing Market Supervision Bureau",
    "Nanjing Big Data Bureau",
    "Provincial Regulator",
    "Bank of Nanjing",
  ];
  const {
    consortium,
    modules: { registry, grants, points, assessment },
  } = await deployConsortiumWith({
    rules: DEFAULT_RULES,
    members: names.map((name, i) => ({ name, admins: [admins[i].address] })),
    grants: [
      { account: operator.address, role: ROLES.PLATFORM_OPERATOR },
      { account: regulator.address, role: ROLES.REGULATOR },
    ],
    token: false,
    modules: ({ consortium: c }) => deployCertificateModules(c),
  });

  // Clerks: added by their member's admin, then CERT_ISSUER granted by vote (all at once).
  const clerks: [HardhatEthersSigner, HardhatEthersSigner][] = [
    [civilAdmin, civilClerk],
    [civilAdmin, civilClerk2],
    [uniAdmin, uniClerk],
    [licAdmin, licClerk],
  ];
  for (const [admin, clerk] of clerks) await addAndAccept(consortium, admin, clerk.address, false);
  // An evaluator speaks for a member (CERT-71): the housing bureau's key sits with the regulator.
  await addAndAccept(consortium, regulator, evaluator.address, false);
  const ids: bigint[] = [];
  for (const [, clerk] of clerks) ids.push(await propose(consortium, civilAdmin, "GrantRole", [clerk.address, ROLES.CERT_ISSUER], "clerk"));
  // Governance sets the points rates in the same round.
  const rates = points.interface.encodeFunctionData("setRates", [EARN_RATE, QUERY_COST]);
  ids.push(await propose(consortium, civilAdmin, "CallModule", [await points.getAddress(), rates], "points rates"));
  for (const id of ids) await vote(consortium, id, admins);
  await waitUntilReady(consortium, ids[ids.length - 1]);
  for (const id of ids) await consortium.execute(id);

  await registry.connect(operator).setLedger(await points.getAddress());
  await registerTypes(registry, operator, Object.values(TYPE_SPECS));
  await registry.connect(civilAdmin).setIssuer(civilClerk.address, [MARRIAGE, BIRTH], false);
  await registry.connect(civilAdmin).setIssuer(civilClerk2.address, [MARRIAGE], false);
  await registry.connect(uniAdmin).setIssuer(uniClerk.address, [DEGREE], false);
  await registry.connect(licAdmin).setIssuer(licClerk.address, [LICENCE], false);
  await assessment.connect(operator).registerEvaluator(evaluator.address, "Housing Security Bureau");

  return {
    consortium,
    registry,
    grants,
    points,
    assessment,
    deployer,
    civilAdmin,
    uniAdmin,
    licAdmin,
    operator,
    regulator,
    bankAdmin,
    civilClerk,
    civilClerk2,
    uniClerk,
    licClerk,
    relayer,
    outsider,
    evaluator,
    others,
    admins,
  };
}

/**
 * The four certificate modules, deployed in this order (which fixes their addresses): the
 * registry, disclosure grants, sharing points and the assessment registry.
 */
export async function deployCertificateModules(consortium: string) {
  const registry = await ethers.deployContract("CertificateRegistry", [consortium]);
  const grants = await ethers.deployContract("DisclosureGrants", [consortium, await registry.getAddress()]);
  const points = await ethers.deployContract("SharingPoints", [consortium, await registry.getAddress(), await grants.getAddress()]);
  const assessment = await ethers.deployContract("AssessmentRegistry", [consortium, await registry.getAddress()]);
  return { registry, grants, points, assessment };
}

/** A certificate type as the platform operator registers it. */
export interface TypeRegistration {
  name: string;
  fields: string[];
  defaultValidity: number;
  revocable: boolean;
  suspendable: boolean;
  members: number[];
}

/** Registers `types` in order as `operator` (type ids follow from the order: 1, 2, ...). */
export async function registerTypes(registry: Registry, operator: HardhatEthersSigner, types: TypeRegistration[]) {
  for (const t of types) {
    await registry.connect(operator).registerType(t.name, t.fields, t.defaultValidity, t.revocable, t.suspendable, t.members);
  }
}

export type CertFixture = Awaited<ReturnType<typeof deploy>>;
export type Registry = Awaited<ReturnType<typeof deployCertificateModules>>["registry"];

export function certFixture(): Promise<CertFixture> {
  return networkHelpers.loadFixture(deploy);
}

/** Passes a CallModule proposal calling `data` on `module`, all admins voting For. */
export function governanceCall(f: CertFixture, module: string, data: string) {
  return executeTx(f.consortium, f.admins, "CallModule", [module, data]);
}

export async function now(): Promise<number> {
  return networkHelpers.time.latest();
}

let serial = 0;

/** A well-formed document of `typeId` with distinct values. */
export function sampleFields(typeId: number, n = serial++): Fields {
  switch (typeId) {
    case MARRIAGE:
      return { spouse1: `张三${n}`, spouse2: `李四${n}`, registeredOn: "2026-05-20", registrationNo: `J320100-2026-${n}` };
    case DEGREE:
      return { name: `王五${n}`, major: "Computer Science", degree: "Bachelor of Engineering", graduatedOn: "2026-06-30", certificateNo: `10284-2026-${n}` };
    case LICENCE:
      return { companyName: `Nanjing Solar ${n} Co., Ltd.`, creditCode: `91320100MA${String(n).padStart(8, "0")}`, legalRepresentative: `赵六${n}`, scope: "solar installation" };
    default:
      return { name: `孙七${n}`, bornOn: "2026-01-01", placeOfBirth: "Gulou Hospital" };
  }
}

/** One certificate input of `typeId` for `holderId`. */
export function input(typeId: number, holderId = `32010219900101${String(serial).padStart(4, "0")}`, extra: Partial<CertificateInput> = {}): CertificateInput {
  return { row: 1, holderId, holderKey: ethers.ZeroAddress, validFrom: 0, validUntil: 0, fields: sampleFields(typeId), ...extra };
}

/** Prepares one certificate (random salts) and returns it. */
export function prepareOne(typeId: number, extra: Partial<CertificateInput> = {}): PreparedCertificate {
  return prepare(typeId, [input(typeId, undefined, extra)])[0];
}

/** Issues one prepared certificate from `clerk`; returns the certificate and its receipt. */
export async function issueOne(
  registry: Registry,
  clerk: HardhatEthersSigner,
  typeId: number,
  extra: Partial<CertificateInput> = {},
) {
  const cert = prepareOne(typeId, extra);
  const tx = await registry.connect(clerk).issue(cert.id, encodeTerms({ typeId, validFrom: cert.validFrom, validUntil: cert.validUntil }));
  const rcpt = await tx.wait();
  const v = await registry.verify(cert.id);
  const issued = { ...cert, validFrom: Number(v.validFrom), validUntil: Number(v.validUntil) };
  const receipt = receiptOf(issued, await context(registry, typeId));
  return { cert: issued, receipt, tx, gas: rcpt!.gasUsed };
}

export async function context(registry: Registry, typeId: number) {
  const { chainId } = await ethers.provider.getNetwork();
  return { chainId, registry: await registry.getAddress(), type: { id: typeId, name: TYPE_SPECS[typeId]?.name ?? `type ${typeId}` } };
}

/** Prepares and issues a Merkle batch of `count` certificates of `typeId`; returns batch and receipts helper. */
export async function issueBatch(registry: Registry, clerk: HardhatEthersSigner, typeId: number, count: number, validUntil = 0) {
  const t = await now();
  const inputs = Array.from({ length: count }, (_, i) =>
    input(typeId, `3201021990010${String(i).padStart(5, "0")}`, { validFrom: t, validUntil }),
  );
  const batch = buildMerkleBatch(typeId, prepare(typeId, inputs));
  const { encodeBatchTerms } = await import("../../lib/certificates/index.js");
  const tx = await registry.connect(clerk).issueMerkle(batch.root, encodeBatchTerms(typeId, count));
  await tx.wait();
  const ctx = await context(registry, typeId);
  return { batch, tx, receipt: (i: number) => merkleReceipt(batch, i, ctx) };
}

export { identify, placementOf };
