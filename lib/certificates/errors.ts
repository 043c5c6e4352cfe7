import { defineErrorCodes } from "../core/error-codes.js";
import { registerEnums } from "../core/errors.js";

/** The certificate system's refusal codes (types, issuer keys, certificates, receipts, points). */
export const CertError = defineErrorCodes("certificates", [
  "UNKNOWN_TYPE",
  "TYPE_TAKEN",
  "TYPE_MISMATCH",
  "TYPE_NOT_ALLOWED",
  "TOO_MANY_TYPES",
  "NOT_OPERATOR",
  "NOT_CERT_ISSUER",
  "NOT_ISSUER_KEY",
  "NOT_HOLDER_OR_ISSUER",
  "UNKNOWN_CERTIFICATE",
  "ALREADY_ISSUED",
  "CERTIFICATE_STATE",
  "NOT_VALID",
  "INVALID_DOCUMENT",
  "INVALID_RECEIPT",
  "INVALID_QR",
  "BATCH_MISMATCH",
  "NO_LEDGER",
  "NOTHING_TO_CLAIM",
  "NOT_CONSERVED",
]);

// How reverts of the certificate contracts read (lib/core/errors.ts): their enums by member name.
registerEnums({
  "ICertificateRegistry.Status": ["Unknown", "Valid", "Revoked", "Suspended", "Expired", "Superseded", "NotYetValid"],
  "AssessmentRegistry.AssessmentStatus": ["Unknown", "Positive", "Negative", "Expired"],
});
