import { expect } from "chai";
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { accountSources, keystoreKeyNames, keystorePassword, keystorePasswordPlugin, networkAccounts } from "../../lib/core/accounts.js";
import { PRIVATE_FILE_MODE, writeJsonFile } from "../../lib/core/files.js";
import { codeMatchesArtifact } from "../../lib/core/deployments.js";

const K0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const K1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** A Hardhat config dir holding keystores with these (plaintext) key names. */
function configDir(prod: string[], dev: string[] = []): string {
  const root = mkdtempSync(path.join(tmpdir(), "consortium-keystore-"));
  const dir = path.join(root, "hardhat-nodejs");
  mkdirSync(dir);
  const file = (names: string[]) => JSON.stringify({ secrets: Object.fromEntries(names.map((n) => [n, { cypherText: "x" }])) });
  writeFileSync(path.join(dir, "keystore.json"), file(prod));
  if (dev.length > 0) writeFileSync(path.join(dir, "dev.keystore.json"), file(dev));
  return root;
}

type RequestSecretInput = (context: unknown, interruptor: string, description: string, next: (c: unknown, i: string, d: string) => Promise<string>) => Promise<string>;

async function passwordHook(): Promise<RequestSecretInput> {
  const factory = keystorePasswordPlugin.hookHandlers!.userInterruptions as () => Promise<{ default: () => Promise<{ requestSecretInput: RequestSecretInput }> }>;
  return (await (await (await factory()).default)()).requestSecretInput;
}

describe("keys for several people, none for readers (lib/core/accounts.ts)", () => {
  it("[TASK-38] every CLIQUE_PRIVATE_KEY[_NAME] of the environment or keystore is an account, the base name first; CLIQUE_PRIVATE_KEYS adds a comma list", () => {
    const env = { CLIQUE_PRIVATE_KEY_REGISTRAR: K1, CLIQUE_PRIVATE_KEY: K0, CLIQUE_PRIVATE_KEY_EMPTY: " ", CLIQUE_RPC_URL: "http://x", OTHER_PRIVATE_KEY: K0, CLIQUE_PRIVATE_KEYS: ` ${K0} ,${K1},` };
    const got = accountSources("CLIQUE", env, ["CLIQUE_PRIVATE_KEY_ADMIN", "CLIQUE_PRIVATE_KEY_REGISTRAR", "CLIQUE_RPC_URL", "clique_private_key_x"]);
    expect(got.variables).to.deep.equal(["CLIQUE_PRIVATE_KEY", "CLIQUE_PRIVATE_KEY_ADMIN", "CLIQUE_PRIVATE_KEY_REGISTRAR"]);
    expect(got.literal).to.deep.equal([K0, K1]);
    expect(accountSources("MY_NET", { MY_NET_PRIVATE_KEY_A: K0 }, []).variables).to.deep.equal(["MY_NET_PRIVATE_KEY_A"]);
  });

  it("[TASK-39] with no key anywhere the network has no accounts (not a missing-variable error)", async () => {
    const root = configDir([]);
    expect(await networkAccounts("clique", { HOME: root, XDG_CONFIG_HOME: root })).to.deep.equal([]);
  });

  it("[TASK-38] keystore key names are read without the password; only the dev keystore under hardhat test; none in CI", async () => {
    const root = configDir(["CLIQUE_PRIVATE_KEY_ADMIN", "CLIQUE_RPC_URL"], ["CLIQUE_PRIVATE_KEY_DEV"]);
    const env = { HOME: root, XDG_CONFIG_HOME: root };
    expect((await keystoreKeyNames(env)).sort()).to.deep.equal(["CLIQUE_PRIVATE_KEY_ADMIN", "CLIQUE_PRIVATE_KEY_DEV", "CLIQUE_RPC_URL"]);
    expect(await keystoreKeyNames({ ...env, HH_TEST: "true" })).to.deep.equal(["CLIQUE_PRIVATE_KEY_DEV"]);
    expect(await keystoreKeyNames({ ...env, CI: "1" })).to.deep.equal([]);
    const accounts = await networkAccounts("clique", env);
    expect(accounts.map((a) => (typeof a === "string" ? a : a.name))).to.deep.equal(["CLIQUE_PRIVATE_KEY_ADMIN", "CLIQUE_PRIVATE_KEY_DEV"]);
  });

  it("[TASK-38] the keystore password comes from HARDHAT_KEYSTORE_PASSWORD_FILE or HARDHAT_KEYSTORE_PASSWORD; only the unlock prompt is answered", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "consortium-pw-"));
    const file = path.join(dir, "pw");
    writeFileSync(file, "correct horse\n");
    expect(await keystorePassword({ HARDHAT_KEYSTORE_PASSWORD_FILE: file, HARDHAT_KEYSTORE_PASSWORD: "other" })).to.equal("correct horse");
    expect(await keystorePassword({ HARDHAT_KEYSTORE_PASSWORD: "from env" })).to.equal("from env");
    expect(await keystorePassword({})).to.equal(undefined);
    let err: Error | undefined;
    await keystorePassword({ HARDHAT_KEYSTORE_PASSWORD_FILE: path.join(dir, "missing") }).catch((e: Error) => (err = e));
    expect(err?.message).to.equal(`HARDHAT_KEYSTORE_PASSWORD_FILE: cannot read ${path.join(dir, "missing")}: ENOENT`);

    const hook = await passwordHook();
    const asked: string[] = [];
    const next = async (_c: unknown, i: string, d: string) => (asked.push(`${i}: ${d}`), "typed");
    const saved = process.env.HARDHAT_KEYSTORE_PASSWORD;
    process.env.HARDHAT_KEYSTORE_PASSWORD = "from env";
    try {
      expect(await hook({}, "hardhat-keystore", "Enter the password", next)).to.equal("from env");
      expect(await hook({}, "hardhat-keystore", "Enter secret to store in the production keystore", next)).to.equal("typed");
      expect(await hook({}, "hardhat-keystore", "Please confirm your password", next)).to.equal("typed");
      expect(await hook({}, "another-plugin", "Enter the password", next)).to.equal("typed");
      delete process.env.HARDHAT_KEYSTORE_PASSWORD;
      expect(await hook({}, "hardhat-keystore", "Enter the password", next)).to.equal("typed");
    } finally {
      if (saved === undefined) delete process.env.HARDHAT_KEYSTORE_PASSWORD;
      else process.env.HARDHAT_KEYSTORE_PASSWORD = saved;
    }
    expect(asked).to.have.length(4);
  });
});

describe("files the tasks write", () => {
  it("[TASK-41] writeJsonFile creates files readable by their owner only (0600), also when replacing a world-readable one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "consortium-files-"));
    const file = path.join(dir, "receipts", "r.json");
    await writeJsonFile(file, { holder: "x" });
    expect(statSync(file).mode & 0o777).to.equal(PRIVATE_FILE_MODE);
    const open = path.join(dir, "open.json");
    writeFileSync(open, "{}", { mode: 0o644 });
    await writeJsonFile(open, { holder: "y" });
    expect(statSync(open).mode & 0o777).to.equal(0o600);
    await writeJsonFile(path.join(dir, "public.json"), {}, 0o644);
    expect(statSync(path.join(dir, "public.json")).mode & 0o777).to.equal(0o644 & ~process.umask());
  });
});

describe("deploy:attach checks the code", () => {
  it("[DEP-35] runtime code matches an artifact except at its immutables; any other byte differs", () => {
    const artifact = { deployedBytecode: "0x6001600255aabbccdd00", immutableReferences: { "7": [{ start: 5, length: 4 }] } };
    expect(codeMatchesArtifact("0x6001600255aabbccdd00", artifact)).to.equal(true);
    expect(codeMatchesArtifact("0x600160025511223344" + "00", artifact)).to.equal(true); // another immutable value
    expect(codeMatchesArtifact("0x6001600256aabbccdd00", artifact)).to.equal(false); // a code byte
    expect(codeMatchesArtifact("0x6001600255aabbccdd01", artifact)).to.equal(false); // metadata
    expect(codeMatchesArtifact("0x6001600255aabbccdd", artifact)).to.equal(false); // length
    expect(codeMatchesArtifact("0x", artifact)).to.equal(false);
  });
});
