import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture } from "@nomicfoundation/ignition-core";
import ConsortiumModule from "./Consortium.js";
import { CERTIFICATES_MODULE_ID, CERTIFICATE_FUTURE_IDS, type CertificatesModuleParameters } from "../../lib/certificates/deployment.js";

export { CERTIFICATES_MODULE_ID, CERTIFICATE_FUTURE_IDS, type CertificatesModuleParameters };


/**
 * The certificate system on an existing consortium: CertificateRegistry, DisclosureGrants,
 * SharingPoints (the points ledger) and AssessmentRegistry, each a module governed by the
 * consortium.
 *
 * After deployment, governance registers each contract as a module (four RegisterModule
 * proposals, then `access:sync` pushes every account's access word into them), a
 * PLATFORM_OPERATOR (or a CallModule proposal) calls `registry.setLedger(points)` and registers
 * the certificate types, governance sets the points rates (`points.setRates` by CallModule),
 * and each issuing member's admin enrols its clerks with `registry.setIssuer`.
 * On a fresh chain the same contracts can instead be registered at genesis, before
 * `sealGenesis` (see test/certificates/helpers.ts).
 */
const CertificatesModule = buildModule(CERTIFICATES_MODULE_ID, (m) => {
  return deployCertificateContracts(m, m.getParameter<string>("consortium"));
});

/**
 * The same contracts on a consortium being created: deployed with the ConsortiumModule and
 * registered as genesis modules, so they know every genesis account's roles from the start.
 * Same module id, hence the same future ids (tasks find the registry either way).
 */
export const CertificatesAtGenesisModule = buildModule(CERTIFICATES_MODULE_ID, (m) => {
  const { consortium } = m.useModule(ConsortiumModule);
  const contracts = deployCertificateContracts(m, consortium);
  for (const [name, contract] of Object.entries(contracts)) {
    m.call(consortium, "registerGenesisModule", [contract], { id: `register_${name}` });
  }
  return contracts;
});

function deployCertificateContracts(
  m: Parameters<Parameters<typeof buildModule>[1]>[0],
  consortium: string | ReturnType<typeof m.getParameter<string>> | ContractFuture<"Consortium">,
) {
  const registry = m.contract("CertificateRegistry", [consortium]);
  const grants = m.contract("DisclosureGrants", [consortium, registry]);
  const points = m.contract("SharingPoints", [consortium, registry, grants]);
  const assessment = m.contract("AssessmentRegistry", [consortium, registry]);
  return { registry, grants, points, assessment };
}

export default CertificatesModule;
export { CertificatesModule };
