import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import ConsortiumModule from "./Consortium.js";
import { CertificatesAtGenesisModule } from "./Certificates.js";
import { buildEnergyAtGenesisModule } from "./Energy.js";
import type { TimeGrid } from "../../lib/energy/readings.js";

export const GENESIS_MODULE_ID = "Genesis";

/** What a genesis file's optional `certificates` section asks the genesis to set up. */
export interface GenesisModuleOptions {
  /**
   * A PLATFORM_OPERATOR of the genesis whose key the deploying network holds: it wires the
   * registry to its points ledger (registry.setLedger(points)) before the genesis is sealed.
   * The address is part of the module (Ignition's `from` is static), hence a factory.
   */
  ledgerOperator?: string;
  /** The energy market's time grid (the genesis file's `energy` section; default: 15-minute
   * intervals from 2026-01-01T00:00:00Z, 96 per settlement period). */
  energy?: TimeGrid;
}

/**
 * A whole consortium chain from nothing: the Consortium and its SettlementToken, every system
 * registered as a genesis module, the certificate registry wired to its points ledger when the
 * file names a ledger operator, then sealGenesis — after which only executed proposals
 * change members, roles, nodes or modules. Re-running resumes from the Ignition journal.
 * Systems added later go through a RegisterModule proposal and `access:sync` instead.
 */
export function buildGenesisModule(options: GenesisModuleOptions = {}) {
  return buildModule(GENESIS_MODULE_ID, (m) => {
    const { consortium, token } = m.useModule(ConsortiumModule);
    const certificates = m.useModule(CertificatesAtGenesisModule);
    const EnergyAtGenesisModule = buildEnergyAtGenesisModule(options.energy);
    const energy = m.useModule(EnergyAtGenesisModule);
    // The operator's access word reaches the registry with registerGenesisModule, hence `after`.
    const wiring = options.ledgerOperator
      ? [
          m.call(certificates.registry, "setLedger", [certificates.points], {
            id: "setLedger",
            from: options.ledgerOperator,
            after: [CertificatesAtGenesisModule],
          }),
        ]
      : [];
    m.call(consortium, "sealGenesis", [], { id: "sealGenesis", after: [ConsortiumModule, CertificatesAtGenesisModule, EnergyAtGenesisModule, ...wiring] });
    return { consortium, token, ...certificates, ...energy };
  });
}

const GenesisModule = buildGenesisModule();

export default GenesisModule;
export { GenesisModule };
