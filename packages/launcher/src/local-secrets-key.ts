import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSecretKey } from "@industryos/runtime";

/**
 * The key that seals tenants' secrets on this machine: made once and kept beside the local database
 * (readable by its owner only), so secrets saved yesterday still open after a restart.
 */
export function localSecretsKey(dataRoot: string): string {
  const file = join(dataRoot, "secrets.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataRoot, { recursive: true });
  const key = generateSecretKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
