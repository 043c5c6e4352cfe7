import { defineErrorCodes } from "../core/error-codes.js";
import { registerEnums } from "../core/errors.js";
import { RULES } from "./clearing.js";

/** The auction's refusal codes (tasks market:auction:open, bid, reveal, clear, challenge). */
export const AuctionError = defineErrorCodes("energy", [
  "INVALID_ORDER",
  "INVALID_PERIOD",
  "WRONG_PHASE",
  "UNKNOWN_AUCTION",
  "AUCTION_EXISTS",
  "INVALID_BID_FILE",
  "BID_FILE_CONFLICT",
  "SLOT_TAKEN",
  "NO_COMMITMENT",
  "NO_MATCHING_SALT",
  "ALREADY_SEALED",
]);

// How reverts of the auction read (lib/core/errors.ts): its enums by member name.
registerEnums({
  "IEnergyAuction.Phase": ["None", "Commit", "Reveal", "Clearing", "Challenge", "Final"],
  "IEnergyAuction.Rule": RULES,
});
