// kubernetes-validate (PyPI) checks rendered manifests against the Kubernetes API schemas it carries,
// offline (kubeconform would download them). Installed once into a virtualenv in the tool cache.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ToolInstallOptions } from "./helm-install.ts";
import { commandExists, ensureDebianPackages } from "./system-packages.ts";
import { runLogged, toolCacheRoot, withInstallLock } from "./temporal-cache.ts";

export const KUBERNETES_VALIDATE_VERSION = "1.37.0";

/** Path of the `kubernetes-validate` command, installed with pip into `<cache>/kubernetes-validate-<version>/`. */
export async function ensureKubernetesValidate(opts: ToolInstallOptions = {}): Promise<string> {
  const log = opts.log ?? ((msg: string) => console.warn(`[kubernetes-validate] ${msg}`));
  const dir = join(toolCacheRoot(), `kubernetes-validate-${KUBERNETES_VALIDATE_VERSION}`);
  const bin = join(dir, "venv", "bin", "kubernetes-validate");
  if (existsSync(bin)) return bin;
  if (!commandExists("python3")) ensureDebianPackages(["python3", "python3-venv"], log); // throws with instructions unless root
  return withInstallLock(`${dir}.lock`, log, async () => {
    if (existsSync(bin)) return bin;
    const venv = join(dir, "venv");
    rmSync(venv, { recursive: true, force: true }); // a half-made one from an interrupted install
    log(`installing kubernetes-validate ${KUBERNETES_VALIDATE_VERSION} with pip into ${venv} (one-time)`);
    const run = (command: string, args: string[], what: string) =>
      runLogged(command, args, { cwd: toolCacheRoot(), log, what, signal: opts.signal });
    try {
      await run("python3", ["-m", "venv", venv], "creating the kubernetes-validate virtualenv");
    } catch (error) {
      // Debian's python3 makes virtualenvs only with python3-venv installed.
      ensureDebianPackages(["python3-venv"], log);
      rmSync(venv, { recursive: true, force: true });
      await run("python3", ["-m", "venv", venv], "creating the kubernetes-validate virtualenv").catch(() => {
        throw error;
      });
    }
    const pip = join(venv, "bin", "pip");
    await run(
      pip,
      ["install", "--quiet", "--disable-pip-version-check", `kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}`],
      "pip install kubernetes-validate",
    );
    if (!existsSync(bin)) throw new Error(`pip finished but ${bin} does not exist`);
    return bin;
  });
}
