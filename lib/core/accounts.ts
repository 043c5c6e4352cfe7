import { readFile } from "node:fs/promises";
import path from "node:path";
import { configVariable } from "hardhat/config";
import type { ConfigurationVariable } from "hardhat/types/config";
import type { HardhatPlugin } from "hardhat/types/plugins";

/**
 * The accounts of an HTTP network (`clique`, or any network named in hardhat.config.ts), from
 * what the machine holds, so that:
 *  - several people share one network: every configuration variable named
 *    <NETWORK>_PRIVATE_KEY or <NETWORK>_PRIVATE_KEY_<SUFFIX> (e.g. CLIQUE_PRIVATE_KEY_REGISTRAR),
 *    in the environment or in Hardhat's keystore, is one account, and <NETWORK>_PRIVATE_KEYS may
 *    list keys comma-separated; `--from` picks one (the first is the default sender);
 *  - a machine with no key at all (an auditor, monitoring) still connects: a variable that is not
 *    set is not listed, where `configVariable("CLIQUE_PRIVATE_KEY")` failed every task, reads
 *    included, with `Configuration Variable "CLIQUE_PRIVATE_KEY" not found`.
 * Key names of the keystore are plaintext (values are encrypted), so listing them asks for no
 * password; the password is asked (or read, see keystorePassword) only when a key is used.
 */

/** The settings that name a network's keys: CLIQUE_PRIVATE_KEY, CLIQUE_PRIVATE_KEY_<SUFFIX>. */
export function keyVariablePattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_PRIVATE_KEY(_[A-Z0-9_]+)?$`);
}

/**
 * Which configuration variables are the network's accounts (base name first, then by name) and
 * which keys are given literally in <PREFIX>_PRIVATE_KEYS. `keystoreNames` are the key names
 * Hardhat's keystore holds (the keystore plugin resolves them; the environment wins).
 */
export function accountSources(
  prefix: string,
  env: Record<string, string | undefined>,
  keystoreNames: readonly string[],
): { variables: string[]; literal: string[] } {
  const pattern = keyVariablePattern(prefix);
  const names = new Set<string>();
  for (const [name, value] of Object.entries(env)) if (pattern.test(name) && (value ?? "").trim() !== "") names.add(name);
  for (const name of keystoreNames) if (pattern.test(name)) names.add(name);
  const base = `${prefix}_PRIVATE_KEY`;
  const variables = [...names].sort((a, b) => (a === base ? -1 : b === base ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const literal = (env[`${prefix}_PRIVATE_KEYS`] ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  return { variables, literal };
}

/** Hardhat's global configuration directory (where `npx hardhat keystore` keeps its files). */
function hardhatConfigDir(env: Record<string, string | undefined>): string {
  const home = env.HOME ?? env.USERPROFILE ?? "";
  if (process.platform === "darwin") return path.join(home, "Library", "Preferences", "hardhat-nodejs");
  if (process.platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "hardhat-nodejs", "Config");
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, ".config"), "hardhat-nodejs");
}

async function keysOf(file: string): Promise<string[]> {
  try {
    const data = JSON.parse(await readFile(file, "utf8")) as { secrets?: Record<string, unknown> };
    return Object.keys(data.secrets ?? {});
  } catch {
    return [];
  }
}

/** What makes Hardhat (hardhat-utils isCi) treat a run as CI, where the keystore plugin is skipped. */
const CI_VARIABLES = ["GITHUB_ACTIONS", "NOW", "DEPLOYMENT_ID", "CODEBUILD_BUILD_NUMBER", "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "RUN_ID"];

/**
 * The key names in Hardhat's keystores that the keystore plugin would answer from: none in CI
 * (the plugin skips the keystore there), only the development keystore under `hardhat test`
 * (HH_TEST, where the plugin refuses to open the production one).
 */
export async function keystoreKeyNames(env: Record<string, string | undefined> = process.env): Promise<string[]> {
  if (CI_VARIABLES.some((v) => env[v] !== undefined)) return [];
  const dir = hardhatConfigDir(env);
  const dev = await keysOf(path.join(dir, "dev.keystore.json"));
  if (env.HH_TEST === "true") return dev;
  return [...dev, ...(await keysOf(path.join(dir, "keystore.json")))];
}

/** The `accounts` of an HTTP network named `network` (see the top of this file). */
export async function networkAccounts(network: string, env: Record<string, string | undefined> = process.env): Promise<Array<string | ConfigurationVariable>> {
  const prefix = network.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  const { variables, literal } = accountSources(prefix, env, await keystoreKeyNames(env));
  return [...variables.map((name) => configVariable(name)), ...literal];
}

/**
 * The production keystore's password without a terminal, for cron jobs and monitoring:
 * HARDHAT_KEYSTORE_PASSWORD_FILE (a file readable only by the service account; one trailing
 * newline is ignored) or HARDHAT_KEYSTORE_PASSWORD. The keystore plugin (3.1.0) asks only through
 * Hardhat's interactive prompt, which fails when stdin is not a terminal (a piped password exits
 * 13); this answers that prompt, and only the keystore's, when one of the two is set.
 */
export async function keystorePassword(env: Record<string, string | undefined> = process.env): Promise<string | undefined> {
  const file = env.HARDHAT_KEYSTORE_PASSWORD_FILE?.trim();
  if (file) {
    try {
      return (await readFile(file, "utf8")).replace(/\r?\n$/, "");
    } catch (e) {
      throw new Error(`HARDHAT_KEYSTORE_PASSWORD_FILE: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const value = env.HARDHAT_KEYSTORE_PASSWORD;
  return value !== undefined && value !== "" ? value : undefined;
}

/** The plugin that answers the keystore plugin's password prompt from keystorePassword(). */
export const keystorePasswordPlugin: HardhatPlugin = {
  id: "consortium-chain-keystore-password",
  hookHandlers: {
    userInterruptions: async () => ({
      default: async () => ({
        requestSecretInput: async (context, interruptor, inputDescription, next) => {
          // Only the unlock prompt: a secret being stored (`keystore set`) or a new password's
          // confirmation is never answered from the environment.
          if (interruptor === "hardhat-keystore" && /^Enter the password/.test(inputDescription)) {
            const password = await keystorePassword();
            if (password !== undefined) return password;
          }
          return next(context, interruptor, inputDescription);
        },
      }),
    }),
  },
};
