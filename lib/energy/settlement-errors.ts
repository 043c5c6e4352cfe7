import { defineErrorCodes } from "../core/error-codes.js";
import { registerEnums } from "../core/errors.js";

/** Refusal codes of the statements side of the energy system (bilateral contracts, settlement, payment). */
export const StatementsError = defineErrorCodes("energy-statements", [
  "INVALID_PERIOD_FILE",
  "UNBALANCED_PERIOD",
  "SETTLEMENT_INPUT",
  "SETTLEMENT_PERIOD_STATE",
  "STATEMENT_STATE",
  "UNKNOWN_STATEMENT",
  "SETTLE_JOURNAL_MISMATCH",
]);

// Reverts of the statements contracts read with their enums by member name.
registerEnums({
  "IEnergySettlement.PeriodState": ["None", "Posting", "Closed", "MarketSigned", "AgentSigned"],
  "IEnergySettlement.StatementState": ["None", "Draft", "MarketSigned", "AgentSigned", "Disputed", "Final", "Paid"],
  "IBilateralContracts.Status": ["None", "Active", "Cancelled"],
});

export const PERIOD_STATES = ["None", "Posting", "Closed", "MarketSigned", "AgentSigned"] as const;
export const STATEMENT_STATES = ["None", "Draft", "MarketSigned", "AgentSigned", "Disputed", "Final", "Paid"] as const;
