/**
 * What the certificate system's deployment is made of: the Ignition module id, its parameters
 * and the future ids under which its contracts are journaled (deploy/modules/Certificates.ts
 * builds the module from these; tasks find the contracts by them).
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
