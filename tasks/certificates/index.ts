import { task } from "hardhat/config";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";
import { withJson, withSender } from "../core/options.js";

// Thin definitions of the cert:* tasks: every action lives in ./<name>.ts and is imported
// only when its task runs. Shared options first (--json, --from/--confirmations, --registry).

/** --registry: where the CertificateRegistry is, when not in the Ignition deployment of this chain. */
function withRegistry<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  return b.addOption({
    name: "registry",
    description: "CertificateRegistry address (default: CERT_REGISTRY_ADDRESS, else the chain's Ignition deployment, Certificates#CertificateRegistry)",
    defaultValue: "",
  });
}

/** --id or --receipt: the certificate a task acts on. */
function withCertificate<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  const withId = b.addOption({ name: "id", description: "Certificate id (a stored certificate)", defaultValue: "" });
  return withId.addOption({ name: "receipt", description: "Receipt file (stored or Merkle batch certificate)", defaultValue: "" });
}

const typeAdd = withJson(withSender(withRegistry(task("cert:type:add", "Register a certificate type (PLATFORM_OPERATOR)"))))
  .addOption({ name: "name", description: "Unique name, at most 64 bytes", defaultValue: "" })
  .addOption({ name: "fields", description: 'Field names of the document: "a,b,c" or @fields.json', defaultValue: "" })
  .addOption({ name: "members", description: "Ids of the members allowed to issue it, comma-separated", defaultValue: "" })
  .addOption({ name: "validity", description: "Default validity (e.g. 5y, 365d; empty: none)", defaultValue: "" })
  .addFlag({ name: "revocable", description: "Certificates of this type may be revoked" })
  .addFlag({ name: "suspendable", description: "Certificates of this type may be suspended and reinstated" })
  .setAction(() => import("./type-add.js"))
  .build();

const issuerSet = withJson(withSender(withRegistry(task("cert:issuer:set", "Enrol (or re-enrol) an account of your member as an issuer key for some types (member admin)"))))
  .addOption({ name: "account", description: "The issuer key: an account of your member", defaultValue: "" })
  .addOption({ name: "types", description: "Type ids or exact names it may issue, comma-separated (at most 4)", defaultValue: "" })
  .addFlag({ name: "anyType", description: "It may also issue any other type its member may issue" })
  .setAction(() => import("./issuer-set.js"))
  .build();

const issuerRemove = withJson(withSender(withRegistry(task("cert:issuer:remove", "Withdraw an issuer key at once: its unsent signed orders fail (member admin)"))))
  .addOption({ name: "account", description: "The issuer key", defaultValue: "" })
  .setAction(() => import("./issuer-remove.js"))
  .build();

const issue = withJson(withSender(withRegistry(task("cert:issue", "Issue one certificate from a JSON document and write its receipt (never overwritten; a repeat needs --again; an interrupted run is completed by re-running it)"))))
  .addOption({ name: "type", description: "Type id or exact name", defaultValue: "" })
  .addOption({ name: "file", description: "JSON object: holderId, optional holderKey/validFrom/validUntil, and the type's fields", defaultValue: "" })
  .addOption({ name: "out", description: "Receipt file (default receipts/<id>.json)", defaultValue: "" })
  .addOption({ name: "payloadUri", description: "Where the encrypted payload is (announced in an event)", defaultValue: "" })
  .addOption({ name: "payloadDigest", description: "keccak256 of the encrypted payload", defaultValue: "" })
  .addFlag({ name: "again", description: "Issue a document this member already issued once more (a second certificate; without it the repeat is refused)" })
  .setAction(() => import("./issue.js"))
  .build();

const batchIssue = withJson(withSender(withRegistry(task("cert:batch-issue", "Issue a CSV/JSON batch (Merkle root or lists), resumable, receipts to a folder"))))
  .addOption({ name: "type", description: "Type id or exact name", defaultValue: "" })
  .addOption({ name: "file", description: "Batch file (.csv with a header, or .json array of records)", defaultValue: "" })
  .addOption({ name: "out", description: "Folder for batch.json (the resumable state) and receipts/ (default receipts/<file name>)", defaultValue: "" })
  .addOption({ name: "mode", description: "merkle (one root for all) or list (each stored, in chunks)", defaultValue: "merkle" })
  .addOption({ name: "chunk", description: "list mode: certificates per transaction (1..1000)", defaultValue: "200" })
  .setAction(() => import("./batch-issue.js"))
  .build();

const verify = withJson(withRegistry(task("cert:verify", "Verify a certificate; exit code 1 unless it is valid")))
  .addOption({ name: "receipt", description: "Receipt file", defaultValue: "" })
  .addOption({ name: "id", description: "Certificate id (stored certificates)", defaultValue: "" })
  .addOption({ name: "qr", description: "Text scanned from a certificate QR code", defaultValue: "" })
  .setAction(() => import("./verify.js"))
  .build();

function statusTask(id: string, description: string, action: () => Promise<unknown>) {
  return withJson(withSender(withRegistry(withCertificate(task(id, description)))))
    .addOption({ name: "reason", description: "Reason code or name (error, changed, holder-request, penalty, fraud, cancelled, deceased, order, investigation, cleared)", defaultValue: "" })
    .setAction(action as never)
    .build();
}

const revoke = statusTask("cert:revoke", "Revoke a certificate (or one leaf of a batch) with a reason", () => import("./revoke.js"));
const suspend = statusTask("cert:suspend", "Suspend a certificate of a suspendable type", () => import("./suspend.js"));
const reinstate = statusTask("cert:reinstate", "Reinstate a suspended certificate", () => import("./reinstate.js"));

const supersede = withJson(withSender(withRegistry(withCertificate(task("cert:supersede", "Replace a certificate by a new version (变更), linked both ways")))))
  .addOption({ name: "file", description: "JSON document of the new version", defaultValue: "" })
  .addOption({ name: "type", description: "Type of the new version (default: the old one's)", defaultValue: "" })
  .addOption({ name: "reason", description: "Reason code or name (default: changed)", defaultValue: "" })
  .addOption({ name: "out", description: "Receipt file of the new version (default receipts/<id>.json)", defaultValue: "" })
  .setAction(() => import("./supersede.js"))
  .build();

const history = withJson(withRegistry(withCertificate(task("cert:history", "Every version and event of a certificate: who, when, member, signer, digest"))))
  .setAction(() => import("./history.js"))
  .build();

const grant = withJson(withSender(withRegistry(withCertificate(task("cert:grant", "Let a grantee see a certificate's details until a date (holder consent or issuer grant)")))))
  .addOption({ name: "grantee", description: "Who may see the details", defaultValue: "" })
  .addOption({ name: "expires", description: "Duration from now (30d) or date (2026-12-31)", defaultValue: "" })
  .setAction(() => import("./grant.js"))
  .build();

const check = withJson(withRegistry(task("cert:check", "Yes/no: does this holder hold a valid certificate of this type? Exit code 1 on no")))
  .addOption({ name: "receipt", description: "Receipt file (gives digest, commitment, type, placement)", defaultValue: "" })
  .addOption({ name: "digest", description: "Content digest (without --receipt)", defaultValue: "" })
  .addOption({ name: "commitment", description: "Holder commitment (without --receipt)", defaultValue: "" })
  .addOption({ name: "type", description: "Type id asked about", defaultValue: "" })
  .setAction(() => import("./check.js"))
  .build();

const points = withJson(withSender(withRegistry(task("cert:points", "The data-sharing points ledger: balances, movements, conservation; --claim credits receipts"))))
  .addOption({ name: "claim", description: "Receipt file or folder whose certificates to credit to their members", defaultValue: "" })
  .setAction(() => import("./points.js"))
  .build();

const ledgerSet = withJson(withSender(withRegistry(task("cert:ledger:set", "Wire the registry to its points ledger (PLATFORM_OPERATOR; the genesis does it when its file names certificates.ledgerOperator)"))))
  .addOption({ name: "ledger", description: "SharingPoints address (default: CERT_POINTS_ADDRESS, else this chain's deployment)", defaultValue: "" })
  .setAction(() => import("./ledger-set.js"))
  .build();

const ratesPropose = withJson(withSender(withRegistry(task("cert:rates:propose", "Propose the points rates (governance only: a CallModule proposal of SharingPoints.setRates; member admin)"))))
  .addOption({ name: "earn", description: "Points per certificate contributed", defaultValue: "" })
  .addOption({ name: "query", description: "Points per detail query of another member's certificate", defaultValue: "" })
  .addOption({ name: "ledger", description: "SharingPoints address (default: CERT_POINTS_ADDRESS, else this chain's deployment)", defaultValue: "" })
  .addOption({ name: "description", description: "Why (kept in the proposal)", defaultValue: "" })
  .setAction(() => import("./rates-propose.js"))
  .build();

const qr = withJson(task("cert:qr", "Write a certificate's QR code (PNG or SVG, payload <= 230 bytes)"))
  .addOption({ name: "receipt", description: "Receipt file", defaultValue: "" })
  .addOption({ name: "out", description: "Output file (.png or .svg; default receipts/<id>.png)", defaultValue: "" })
  .addOption({ name: "format", description: "png or svg (default: from --out)", defaultValue: "" })
  .addOption({ name: "url", description: "Where the holder's receipt can be fetched (kept in the code)", defaultValue: "" })
  .addOption({ name: "page", description: "URL of the verification page (cert:page): the code holds <page>#<payload>, so a phone's camera app opens the page on the verdict", defaultValue: "" })
  .setAction(() => import("./qr.js"))
  .build();

const page = withJson(withRegistry(task("cert:page", "Write the certificate verification page (static HTML) with a config.json read from this chain")))
  .addOption({ name: "out", description: "Folder to write index.html, assets/ and config.json to", defaultValue: "" })
  .addOption({ name: "rpc", description: "Read-only JSON-RPC URL the page calls (see docs/deploy-clique.md)", defaultValue: "" })
  .setAction(() => import("./page.js"))
  .build();

export const certificateTasks = [
  typeAdd,
  issuerSet,
  issuerRemove,
  issue,
  batchIssue,
  verify,
  revoke,
  suspend,
  reinstate,
  supersede,
  history,
  grant,
  check,
  points,
  ledgerSet,
  ratesPropose,
  qr,
  page,
];
