// The verification page as a consortium publishes it (docs/deploy-clique.md §1.9): the static
// folder written by cert:page and, on the same origin, a JSON-RPC endpoint that reads each
// request's body and forwards only the page's read methods (PAGE_RPC_METHODS) to a geth node.
// Same origin, so geth needs no --http.corsdomain; every method asked for is recorded.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { PAGE_RPC_METHODS } from "../../lib/certificates/page.js";

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

export interface PageSite {
  url: string;
  rpcUrl: string;
  /** Every JSON-RPC method the page asked for, in order, refused ones included. */
  methods: string[];
  refused: string[];
  close(): Promise<void>;
}

export async function servePageSite(dir: string, upstream: string): Promise<PageSite> {
  const methods: string[] = [];
  const refused: string[] = [];
  const allowed = new Set<string>(PAGE_RPC_METHODS);
  const forward = async (m: { id: unknown; method: string; params?: unknown[] }) => {
    methods.push(m.method);
    if (!allowed.has(m.method)) {
      refused.push(m.method);
      return { jsonrpc: "2.0", id: m.id, error: { code: -32601, message: `method ${m.method} is not served to the verification page` } };
    }
    const r = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...m, jsonrpc: "2.0" }) });
    return r.json();
  };
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url!, "http://x").pathname;
    if (req.method === "POST" && pathname === "/rpc") {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", async () => {
        try {
          const parsed = JSON.parse(body);
          const out = Array.isArray(parsed) ? await Promise.all(parsed.map(forward)) : await forward(parsed);
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(out));
        } catch (e) {
          res.statusCode = 400;
          res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: (e as Error).message } }));
        }
      });
      return;
    }
    const rel = decodeURIComponent(pathname).replace(/^\/+/, "") || "index.html";
    try {
      const data = readFileSync(path.join(dir, rel));
      res.setHeader("content-type", TYPES[path.extname(rel)] ?? "application/octet-stream");
      res.end(data);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  return {
    url,
    rpcUrl: `${url}rpc`,
    methods,
    refused,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
