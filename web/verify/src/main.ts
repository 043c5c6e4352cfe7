// The verification page: reads a certificate from a QR code (camera, photo, pasted text, or the
// page link's fragment) or a receipt file, asks the chain node through the project's own
// verifier (lib/certificates/verifier.ts, bundled) and shows the verdict with its cause.
// Only the certificate id, the batch root and the proof are sent to the node.
import { JsonRpcProvider, Network } from "ethers";
import { parseReceiptJson, verifyCertificate, type CertificateReceipt, type VerificationReport, type Verdict, type VerifyInput } from "../../../lib/certificates/verifier.js";
import { decodeQrPayload, type QrPayload } from "../../../lib/certificates/qr.js";
import { certificateFragment, parsePageConfig, withDocument, type PageConfig } from "../../../lib/certificates/page.js";
import { browserLang, WORDS, type Lang } from "./i18n.js";
import { qrFromFile, scanCamera } from "./scan.js";
import "./style.css";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

interface Job {
  input: VerifyInput;
  registry: string;
  batch: boolean;
}

let lang: Lang = browserLang(navigator.languages?.length ? navigator.languages : [navigator.language]);
let config: PageConfig | undefined;
let configProblem = "";
let lastJob: Job | undefined;
let render: () => void = () => {};
let receiptFile: { name: string; text: string } | undefined;
let documentFile: { name: string; text: string } | undefined;
let stopCamera: (() => void) | undefined;
const words = () => WORDS[lang];

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function show(state: string, ...nodes: Node[]) {
  const result = $("result");
  result.replaceChildren(...nodes);
  document.body.dataset.state = state;
}

function applyStatic() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const [id, text] of Object.entries(words().static)) {
    const node = document.getElementById(id);
    if (node) node.textContent = text;
  }
  document.title = words().static.title;
  const toggle = $("lang");
  toggle.textContent = words().lang;
  toggle.setAttribute("lang", lang === "zh" ? "en" : "zh-CN");
  const chain = $("chain");
  chain.textContent = config
    ? `${words().chain} ${config.chainId} · ${words().registry} ${config.registry}`
    : configProblem;
  render();
}

/** The node the page asks: ?rpc= in the link, else what the user typed, else config.json. */
function rpcUrl(): string {
  return $<HTMLInputElement>("rpc").value.trim();
}

async function loadConfig(): Promise<void> {
  let value: unknown;
  try {
    if (location.protocol === "http:" || location.protocol === "https:") {
      const res = await fetch("config.json", { cache: "no-store" });
      if (res.ok) value = await res.json();
    }
    // From file:// a page may not fetch: the task also inlines the same config.
    if (value === undefined) {
      const inline = document.getElementById("verify-config");
      if (inline?.textContent?.trim()) value = JSON.parse(inline.textContent);
    }
    if (value !== undefined) config = parsePageConfig(value);
  } catch (e) {
    configProblem = (e as Error).message;
  }
  const fromLink = new URLSearchParams(location.search).get("rpc");
  $<HTMLInputElement>("rpc").value = fromLink ?? config?.rpc ?? "";
}

function verdictBlock(verdict: Verdict | "error" | "unreachable" | "needs-receipt" | "checking", title: string): HTMLElement {
  const icons: Record<string, string> = {
    valid: "✔",
    revoked: "✖",
    altered: "✖",
    "wrong-chain": "✖",
    "wrong-registry": "✖",
    mismatch: "✖",
    suspended: "⏸",
    expired: "⌛",
    "not-yet-valid": "⌛",
    superseded: "↻",
    unknown: "?",
    error: "!",
    unreachable: "!",
    "needs-receipt": "ℹ",
    checking: "…",
  };
  return el("h2", { class: `verdict v-${verdict}`, id: "verdict" }, el("span", { class: "icon", "aria-hidden": "true" }, icons[verdict] ?? "?"), " ", title);
}

const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

function showReport(report: VerificationReport, job: Job) {
  const w = words();
  const registry = job.registry;
  const chainId = config?.chainId ?? ("chainId" in job.input && job.input.chainId ? job.input.chainId : undefined);
  const rows: [string, Node | string][] = [];
  if (report.status !== "unknown") {
    const memberName = config?.members[String(report.member)];
    rows.push([w.issuer, memberName ? `${memberName} (${w.member} ${report.member})` : `${w.member} ${report.member}`]);
    const typeName = report.type?.name ?? config?.types[String(report.typeId)];
    rows.push([w.type, typeName ? `${typeName} (${report.typeId})` : String(report.typeId)]);
    rows.push([w.validFrom, day(report.validFrom)]);
    rows.push([w.validUntil, report.validUntil ? day(report.validUntil) : w.noExpiry]);
  }
  rows.push([w.certificate, el("code", {}, report.certificateId)]);
  if (report.successor && chainId !== undefined) {
    const href = certificateFragment(chainId, registry, report.successor);
    rows.push([w.successor, el("span", {}, el("code", {}, report.successor), " ", el("a", { href, id: "successor" }, w.verifySuccessor))]);
  }
  const dl = el("dl");
  for (const [k, v] of rows) dl.append(el("dt", {}, k), el("dd", {}, v));
  const nodes: Node[] = [verdictBlock(report.verdict, w.verdict[report.verdict]), el("p", { class: "cause" }, el("strong", {}, `${w.cause}: `), el("span", { id: "cause" }, report.why[0])), dl];
  if (report.why.length > 1) nodes.push(el("h3", {}, w.more), el("ul", { id: "more" }, ...report.why.slice(1).map((l) => el("li", {}, l))));
  nodes.push(el("p", { class: "sent" }, w.sent.replace("{root}", job.batch ? w.sentRoot : "")));
  show(report.verdict, ...nodes);
}

function showError(state: "error" | "needs-receipt", title: string, detail: string) {
  show(state, verdictBlock(state, title), el("p", { id: "cause" }, detail));
}

async function chainIdOf(url: string): Promise<number> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    signal: AbortSignal.timeout(8_000),
  });
  const body = (await res.json()) as { result?: string };
  if (typeof body.result !== "string") throw new Error(`${url} gave no chain id`);
  return Number(BigInt(body.result));
}

let started = 0;

async function run(job: Job) {
  lastJob = job;
  started = performance.now();
  render = () => show("checking", verdictBlock("checking", words().checking));
  render();
  const url = rpcUrl();
  if (!url) {
    render = () => showError("error", words().unreachable, words().noRpc);
    return finish();
  }
  let chainId: number;
  try {
    chainId = await chainIdOf(url);
  } catch (e) {
    const message = `${url}: ${(e as Error).message}`;
    render = () => {
      const retry = el("button", { type: "button", id: "retry" }, words().retry);
      retry.addEventListener("click", () => lastJob && run(lastJob));
      show("unreachable", verdictBlock("unreachable", words().unreachable), el("p", { id: "cause" }, message), retry);
    };
    return finish();
  }
  // The chain id is known: the provider asks nothing else before the verifier's own calls.
  const provider = new JsonRpcProvider(url, Network.from(chainId), { staticNetwork: true });
  try {
    const report = await verifyCertificate(provider, job.registry, job.input);
    render = () => showReport(report, job);
  } catch (e) {
    // The node answered but the registry could not be read (no contract there, a node error).
    const message = (e as Error).message.split("\n")[0];
    render = () => showError("error", words().failed, message);
  } finally {
    provider.destroy();
  }
  finish();
}

function finish() {
  render();
  // For the browser test's timing: since navigation start, and the chain's part of it.
  document.body.dataset.elapsedMs = String(Math.round(performance.now()));
  document.body.dataset.chainMs = String(Math.round(performance.now() - started));
  $("result").focus();
}

function fromText(text: string) {
  let p: QrPayload;
  try {
    p = decodeQrPayload(text);
  } catch (e) {
    const message = (e as Error).message;
    render = () => showError("error", words().badInput, message);
    return finish();
  }
  if (p.batch) {
    render = () => showError("needs-receipt", words().verdict.unknown, words().needsReceipt);
    return finish();
  }
  void run({ input: { certificateId: p.certificateId, chainId: p.chainId, registry: p.registry }, registry: config?.registry ?? p.registry, batch: false });
}

function fromReceipt() {
  if (!receiptFile) return;
  let receipt: CertificateReceipt;
  try {
    receipt = parseReceiptJson(receiptFile.text, receiptFile.name);
    if (documentFile) {
      let doc: unknown;
      try {
        doc = JSON.parse(documentFile.text);
      } catch {
        throw new Error(`${documentFile.name} is not valid JSON`);
      }
      receipt = withDocument(receipt, doc);
    }
  } catch (e) {
    const message = (e as Error).message;
    render = () => showError("error", words().badInput, message);
    return finish();
  }
  void run({ input: receipt, registry: config?.registry ?? receipt.registry, batch: receipt.placement !== null });
}

async function takeFiles(files: Iterable<File>) {
  for (const file of files) {
    if (file.type.startsWith("image/")) {
      const text = await qrFromFile(file).catch(() => undefined);
      if (text) fromText(text);
      else {
        render = () => showError("error", words().badInput, words().noQr);
        finish();
      }
      return;
    }
    const text = await file.text();
    // A receipt names its format; any other JSON is taken as the document.
    if (text.includes("consortium-certificate-receipt/")) receiptFile = { name: file.name, text };
    else documentFile = { name: file.name, text };
  }
  fromReceipt();
}

function fromHash() {
  const fragment = location.hash.slice(1);
  if (fragment) fromText(decodeURIComponent(fragment));
}

async function start() {
  await loadConfig();
  applyStatic();
  $("lang").addEventListener("click", () => {
    lang = lang === "en" ? "zh" : "en";
    applyStatic();
  });
  $("check-text").addEventListener("click", () => fromText($<HTMLTextAreaElement>("paste").value));
  $("paste").addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter" && !(e as KeyboardEvent).shiftKey) {
      e.preventDefault();
      fromText($<HTMLTextAreaElement>("paste").value);
    }
  });
  $<HTMLInputElement>("photo").addEventListener("change", (e) => takeFiles((e.target as HTMLInputElement).files ?? []));
  $<HTMLInputElement>("receipt").addEventListener("change", async (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) {
      receiptFile = { name: f.name, text: await f.text() };
      fromReceipt();
    }
  });
  $<HTMLInputElement>("document").addEventListener("change", async (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) {
      documentFile = { name: f.name, text: await f.text() };
      fromReceipt();
    }
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    void takeFiles((e as DragEvent).dataTransfer?.files ?? []);
  });
  $("scan").addEventListener("click", async () => {
    $("camera").hidden = false;
    try {
      const { result, stop } = await scanCamera($<HTMLVideoElement>("video"));
      stopCamera = stop;
      const text = await result;
      $("camera").hidden = true;
      if (text) fromText(text);
    } catch (e) {
      $("camera").hidden = true;
      const message = (e as Error).message;
      render = () => showError("error", words().badInput, message);
      finish();
    }
  });
  $("stop-scan").addEventListener("click", () => stopCamera?.());
  window.addEventListener("hashchange", fromHash);
  document.body.dataset.js = "ready";
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  fromHash();
}

void start();
