// helm, for checking the chart in deploy/helm (`helm lint`, `helm template`): built once from the Go
// module proxy into the tool cache, as the Temporal CLI is; `HELM_PATH` names an installed one instead.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureGoTool } from "./go-install.ts";
import { toolCacheRoot } from "./temporal-cache.ts";

export const HELM_VERSION = "4.3.2";

export interface ToolInstallOptions {
  log?: (msg: string) => void;
  signal?: AbortSignal;
}

/** Path of a helm binary: `HELM_PATH`, else `<cache>/helm-<version>/helm`, built with `go install` (~5 minutes once). */
export async function ensureHelm(opts: ToolInstallOptions = {}): Promise<string> {
  const override = process.env.HELM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`HELM_PATH=${override} does not exist`);
    return override;
  }
  return ensureGoTool({
    pkg: "helm.sh/helm/v4/cmd/helm",
    version: `v${HELM_VERSION}`,
    binary: "helm",
    dir: join(toolCacheRoot(), `helm-${HELM_VERSION}`),
    what: `helm ${HELM_VERSION}`,
    missingGoHint: "or set HELM_PATH to an installed helm",
    args: ["-ldflags=-s -w"],
    // helm's module is resolved as published, whatever go.work or vendor folder is around.
    env: { GOFLAGS: "-mod=mod", GOWORK: "off" },
    log: opts.log ?? ((msg) => console.warn(`[helm] ${msg}`)),
    signal: opts.signal,
  });
}
