import type { AssessmentRegistry, CertificateRegistry, DisclosureGrants, SharingPoints } from "../../typechain-types/index.js";
import type { TaskContext } from "../core/context.js";
import { resolveContract, type DeployedContract } from "../core/deployments.js";
// Every task of the system finds its contracts here: load its error codes and revert vocabulary.
import "./errors.js";

/**
 * What the certificate system's deployment is made of: the Ignition module id, its parameters
 * and the future ids under which its contracts are journaled (deploy/modules/Certificates.ts
 * builds the module from these), and how tasks find the contracts (CERTIFICATE_CONTRACTS).
 */

/** The parameters of the "Certificates" module. */
export interface CertificatesModuleParameters {
  /** Address of the deployed Consortium these modules obey. */
  consortium: string;
}

export const CERTIFICATES_MODULE_ID = "Certificates";

/** Ignition future ids of the certificate contracts, as tasks look them up. */
export const CERTIFICATE_FUTURE_IDS = {
  registry: `${CERTIFICATES_MODULE_ID}#CertificateRegistry`,
  grants: `${CERTIFICATES_MODULE_ID}#DisclosureGrants`,
  points: `${CERTIFICATES_MODULE_ID}#SharingPoints`,
  assessment: `${CERTIFICATES_MODULE_ID}#AssessmentRegistry`,
} as const;

/** How tasks and `deploy` find the certificate system's contracts (lib/core/deployments.ts). */
export const CERTIFICATE_CONTRACTS = {
  registry: {
    contract: "CertificateRegistry",
    futureId: CERTIFICATE_FUTURE_IDS.registry,
    env: "CERT_REGISTRY_ADDRESS",
    option: "registry",
    probe: { call: "typeCount()", run: (r) => r.typeCount() },
  } satisfies DeployedContract<CertificateRegistry>,
  grants: {
    contract: "DisclosureGrants",
    futureId: CERTIFICATE_FUTURE_IDS.grants,
    env: "CERT_GRANTS_ADDRESS",
    probe: { call: "registry()", run: (g) => g.registry() },
  } satisfies DeployedContract<DisclosureGrants>,
  points: {
    contract: "SharingPoints",
    futureId: CERTIFICATE_FUTURE_IDS.points,
    env: "CERT_POINTS_ADDRESS",
    probe: { call: "totalBalance()", run: (p) => p.totalBalance() },
  } satisfies DeployedContract<SharingPoints>,
  assessment: {
    contract: "AssessmentRegistry",
    futureId: CERTIFICATE_FUTURE_IDS.assessment,
    env: "CERT_ASSESSMENT_ADDRESS",
    probe: { call: "registry()", run: (a) => a.registry() },
  } satisfies DeployedContract<AssessmentRegistry>,
} as const;

/** The CertificateRegistry of the connected chain (--registry, CERT_REGISTRY_ADDRESS, deployment), checked to answer. */
export function resolveRegistry(ctx: TaskContext, given?: string): Promise<CertificateRegistry> {
  return resolveContract(ctx, CERTIFICATE_CONTRACTS.registry, given);
}
