// Which workspace folders an app needs at run time: its own and those of every @industryos package it
// depends on, following `dependencies` only (devDependencies never reach a production image).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

function workspaceManifests(root: string): Map<string, { dir: string; manifest: Manifest }> {
  const byName = new Map<string, { dir: string; manifest: Manifest }>();
  for (const parent of ["apps", "packages"]) {
    for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
      const file = join(root, parent, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
      byName.set(manifest.name, { dir: `${parent}/${entry.name}`, manifest });
    }
  }
  return byName;
}

/** Folders (`apps/ingest`, `packages/db`, ...) of `app` and its production workspace dependencies, sorted. */
export function productionWorkspaceDirs(root: string, app: string): string[] {
  const workspaces = workspaceManifests(root);
  const dirs = new Set<string>();
  const visit = (name: string) => {
    const workspace = workspaces.get(name);
    if (!workspace || dirs.has(workspace.dir)) return;
    dirs.add(workspace.dir);
    for (const dependency of Object.keys(workspace.manifest.dependencies ?? {})) visit(dependency);
  };
  if (!workspaces.has(app)) throw new Error(`${app} is no workspace package`);
  visit(app);
  return [...dirs].sort();
}
