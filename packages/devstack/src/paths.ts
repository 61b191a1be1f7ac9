import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The repository root: this file lives in packages/devstack/src. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const dataRoot = join(repoRoot, ".data");
