import { defineErrorCodes } from "../core/error-codes.js";

/** The settlement token's refusal codes (pause and freeze are the module kit's: AccessError). */
export const TokenError = defineErrorCodes("token", [
  "TOKEN_MISMATCH",
  "NOT_TOKEN_ISSUER",
  "NOT_HOLDER",
  "INSUFFICIENT_BALANCE",
  "REFERENCE_USED",
  "NOT_TRAPPED",
  "NOTHING_TO_RECOVER",
]);
