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

export const attachTask = withJson(task("deploy:attach", "Attach to a running consortium from its address (a second operator without the journal): checks its code, finds its contracts, writes deploy/deployments/<id>; reads only"))
  .addOption({
    name: "consortium",
    description: "Address of the running Consortium",
    defaultValue: "",
  })
  .addOption({
    name: "deploymentId",
    description: "Deployment id to write (default: consortium-chain-<chainId>, which tasks read)",
    defaultValue: "",
  })
  .setAction(() => import("./attach.js"))
  .build();

export const deployTasks = [deployTask, attachTask];
