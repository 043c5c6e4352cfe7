import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import {
  DEFAULT_TARIFF,
  ENERGY_SETTLEMENT_FUTURE_IDS,
  ENERGY_SETTLEMENT_MODULE_ID,
  type EnergySettlementModuleParameters,
} from "../../lib/energy/statements-deployment.js";

export { ENERGY_SETTLEMENT_FUTURE_IDS, ENERGY_SETTLEMENT_MODULE_ID, type EnergySettlementModuleParameters };

/**
 * The statements side of the energy system on an existing consortium: BilateralContracts and
 * EnergySettlement, reading the calendar, the meters and the auction through IEnergyPeriods,
 * IMeteredEnergy and IClearingResults (contracts/energy/IEnergyInputs.sol) at the addresses the
 * parameters name — EnergyMeters and EnergyAuction once merged.
 *
 * After deployment: governance registers both as modules (RegisterModule proposals, then
 * `access:sync`); the settlement body's admin offers the settlement contract an account
 * (`access:accounts:add --account <settlement>`) and calls `settlement.joinMember(<its member id>)`
 * so that the token lets it hold deposits. The genesis variant (registered before sealGenesis)
 * belongs in deploy/modules/Genesis.ts next to the meters and auction modules: the merger adds it.
 */
const EnergySettlementModule = buildModule(ENERGY_SETTLEMENT_MODULE_ID, (m) => {
  const consortium = m.getParameter<string>("consortium");
  const token = m.getParameter<string>("token");
  const periods = m.getParameter<string>("periods");
  const meters = m.getParameter<string>("meters");
  const auction = m.getParameter<string>("auction");
  const t = DEFAULT_TARIFF;
  const tariff = m.getParameter("tariff", {
    upRate: t.upRate.toString(),
    downRate: t.downRate.toString(),
    bandBps: t.bandBps.toString(),
    tdRate: t.tdRate.toString(),
    surchargeRate: t.surchargeRate.toString(),
    fixedCents: t.fixedCents.toString(),
  });
  const bilateral = m.contract("BilateralContracts", [consortium, periods]);
  const settlement = m.contract("EnergySettlement", [consortium, token, bilateral, meters, auction, periods, tariff]);
  return { bilateral, settlement };
});

export default EnergySettlementModule;
export { EnergySettlementModule };
