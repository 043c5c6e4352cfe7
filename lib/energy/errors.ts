import { defineErrorCodes } from "../core/error-codes.js";
import { registerEnums } from "../core/errors.js";
import { REFUSALS, METER_STATUSES } from "./readings.js";

/** The energy market's refusal codes (participants, meters, readings files and their journal). */
export const EnergyError = defineErrorCodes("energy", [
  "NOT_TRADING_ROLE",
  "NOT_METER_OPERATOR",
  "UNKNOWN_PARTICIPANT",
  "INACTIVE_PARTICIPANT",
  "ALREADY_REGISTERED",
  "UNKNOWN_METER",
  "METER_EXISTS",
  "METER_REVOKED",
  "KEY_IN_USE",
  "INVALID_READINGS",
  "JOURNAL_MISMATCH",
]);

// How reverts and events of the energy contracts read (lib/core/errors.ts): their enums by member name.
registerEnums({
  "IEnergyMeters.Refusal": REFUSALS,
  "IEnergyMeters.MeterStatus": METER_STATUSES,
});
