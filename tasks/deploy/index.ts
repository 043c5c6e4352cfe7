import { task } from "hardhat/config";
import { withJson, withSender } from "../core/options.js";

export const deployTask = withJson(withSender(task("deploy", "Deploy the genesis with Ignition: Consortium, SettlementToken, CertificateRegistry, DisclosureGrants, SharingPoints, AssessmentRegistry, EnergyMeters, EnergyAuction; re-runs resume")))
  .addOption({
    name: "parameters",
    description: "Genesis parameter file, e.g. deploy/parameters/localhost.json",
    defaultValue: "",
  })
  .addOption({
    name: "deploymentId",
    description: "Ignition deployment id (default: consortium-chain-<chainId>); its journal is deploy/deployments/<id>",
    defaultValue: "",
  })
  .setAction(() => import("./deploy.js"))
  .build();

export const deployTasks = [deployTask];
