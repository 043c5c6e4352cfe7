import { expect } from "chai";
import hre from "hardhat";
import { readFileSync } from "node:fs";
import {
  certFixture,
  DAY,
  ethers,
  issueOne,
  LICENCE,
  MARRIAGE,
  networkHelpers,
  now,
  prepareOne,
} from "../kit/certificates.js";
import { buildMerkleBatch, encodeBatchTerms, encodeTerms, prepare, proofOf, statusName } from "../../lib/certificates/index.js";
import { findPostLondonOpcodes } from "../../tooling/evm/london.js";

type Op = "revoke" | "suspend" | "reinstate" | "supersede" | "warp";

describe("certificates: invariants", () => {
  it("[CERT-27] across random operations a revoked certificate never verifies valid again, and a suspended one only after a permitted reinstate", async () => {
    const { registry, civilClerk, licClerk } = await certFixture();
    let seed = 2026;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    // Stored certificates of a revocable-only type and a revocable+suspendable type, plus leaves.
    const stored: { id: string; clerk: typeof civilClerk; typeId: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const k = i % 2 === 0 ? civilClerk : licClerk;
      const typeId = i % 2 === 0 ? MARRIAGE : LICENCE;
      const t = await now();
      const { cert } = await issueOne(registry, k, typeId, { validUntil: t + (20 + rnd(40)) * DAY, validFrom: t });
      stored.push({ id: cert.id, clerk: k, typeId });
    }
    const t0 = await now();
    const leaves = prepare(LICENCE, Array.from({ length: 8 }, (_, i) => ({ row: i, holderId: `L${i}`, holderKey: ethers.ZeroAddress, validFrom: t0, validUntil: t0 + (10 + 5 * i) * DAY, fields: { companyName: `C${i}`, creditCode: `${i}`, legalRepresentative: "R", scope: "S" } })));
    const batch = buildMerkleBatch(LICENCE, leaves);
    await registry.connect(licClerk).issueMerkle(batch.root, encodeBatchTerms(LICENCE, 8));

    const leafStatus = async (i: number) =>
      statusName((await registry.verifyReceipt(leaves[i].id, { root: batch.root, index: i, validFrom: leaves[i].validFrom, validUntil: leaves[i].validUntil, proof: proofOf(batch.tree, i) })).status);
    const everRevoked = new Set<string>();
    const lastStatus = new Map<string, string>();
    const reinstated = new Set<string>(); // keys reinstated by the last step

    const observe = async () => {
      const keys: [string, () => Promise<string>][] = [
        ...stored.map((s) => [s.id, async () => statusName((await registry.verify(s.id)).status)] as [string, () => Promise<string>]),
        ...leaves.map((_, i) => [`leaf${i}`, () => leafStatus(i)] as [string, () => Promise<string>]),
      ];
      for (const [key, read] of keys) {
        const s = await read();
        if (everRevoked.has(key)) expect(s, `${key} was revoked`).to.equal("revoked");
        if (s === "revoked") everRevoked.add(key);
        if (lastStatus.get(key) === "suspended" && s === "valid") expect(reinstated.has(key), `${key} left suspension without reinstate`).to.equal(true);
        lastStatus.set(key, s);
      }
      reinstated.clear();
    };

    const ops: Op[] = ["revoke", "suspend", "reinstate", "supersede", "warp"];
    let refused = 0;
    for (let step = 0; step < 60; step++) {
      const op = ops[rnd(ops.length)];
      try {
        if (op === "warp") {
          await networkHelpers.time.increase((1 + rnd(10)) * DAY);
        } else if (rnd(2) === 0) {
          const s = stored[rnd(stored.length)];
          if (op === "revoke") await registry.connect(s.clerk).revoke(s.id, 1);
          if (op === "suspend") await registry.connect(s.clerk).suspend(s.id, 9);
          if (op === "reinstate") {
            await registry.connect(s.clerk).reinstate(s.id, 10);
            reinstated.add(s.id);
          }
          if (op === "supersede") {
            const next = prepareOne(s.typeId);
            await registry.connect(s.clerk).supersede(s.id, next.id, encodeTerms({ typeId: s.typeId }), 2);
            stored.push({ id: next.id, clerk: s.clerk, typeId: s.typeId });
          }
        } else {
          const i = rnd(leaves.length);
          if (op === "revoke") await registry.connect(licClerk).revokeLeaf(batch.root, i, 1);
          if (op === "suspend") await registry.connect(licClerk).suspendLeaf(batch.root, i, 9);
          if (op === "reinstate") {
            await registry.connect(licClerk).reinstateLeaf(batch.root, i, 10);
            reinstated.add(`leaf${i}`);
          }
        }
      } catch (e) {
        // Refusals are part of the model: they must be custom errors, never a silent change.
        expect(String((e as Error).message)).to.match(/InvalidTransition|InvalidLeafTransition|NotSuspendable|DuplicateCertificate/);
        refused++;
      }
      await observe();
    }
    expect(everRevoked.size).to.be.greaterThan(0);
    expect(refused).to.be.greaterThan(0);
  });

  it("[CERT-29] every certificate contract is under 24,576 bytes and uses no opcode after London", function () {
    // Coverage instruments the contracts and so grows them; the bound holds for the real build.
    if (hre.globalOptions.coverage === true) this.skip();
    for (const name of ["CertificateRegistry", "DisclosureGrants", "SharingPoints", "AssessmentRegistry"]) {
      const artifact = JSON.parse(readFileSync(`artifacts/contracts/certificates/${name}.sol/${name}.json`, "utf8"));
      const size = (artifact.deployedBytecode.length - 2) / 2;
      expect(size, name).to.be.lessThan(24_576);
      expect(findPostLondonOpcodes(artifact.deployedBytecode), name).to.deep.equal([]);
    }
  });
});
