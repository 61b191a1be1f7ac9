import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/paths.ts";
import { ANYWHERE, describeReference, missingReadmePaths, pathReferences } from "../src/readme-paths.ts";

describe("the repository's READMEs", () => {
  it("name only links and paths that exist", () => {
    expect(missingReadmePaths(repoRoot).map(describeReference)).toEqual([]);
  });
});

describe("what a README names", () => {
  const folders = new Set(["apps", "packages", "bench", "prisma", ".ci"]);
  const paths = (markdown: string, readme = "apps/ingest/README.md") =>
    pathReferences(readme, markdown, folders).map((reference) => reference.path);

  it("reads a backticked path from the root when it starts with a top-level folder, else from the README's folder", () => {
    expect(paths("See `packages/db/src/telemetry/store.ts`, `apps/ingest/src/core/` and `prisma/`.")).toEqual([
      "packages/db/src/telemetry/store.ts",
      "apps/ingest/src/core/",
      "prisma/",
    ]);
    expect(paths("`src/mqtt/read-gate.ts`, `src/core/`, `../web/server.ts`, `./test`")).toEqual([
      "apps/ingest/src/mqtt/read-gate.ts",
      "apps/ingest/src/core/",
      "apps/web/server.ts",
      "apps/ingest/test",
    ]);
  });

  it("looks a source file named alone up by name", () => {
    expect(paths("`read-gate.ts` and ``schema.prisma``")).toEqual([
      `${ANYWHERE}read-gate.ts`,
      `${ANYWHERE}schema.prisma`,
    ]);
  });

  it("reads relative links from the README's folder, and root-relative ones from the root", () => {
    expect(
      paths("[bench](../../bench/ingest/README.md#figures), [db](/packages/db/README.md), ![x](img/a%20b.png)"),
    ).toEqual(["bench/ingest/README.md", "packages/db/README.md", "apps/ingest/img/a b.png"]);
  });

  it("reads paths in code blocks: file trees and command lines", () => {
    const markdown = [
      "```sh",
      "npx tsx bench/ingest/run.ts --idle 0   # (see apps/web/server.ts)",
      "```",
      "```",
      "src/main.ts   entry",
      "  persist-queue.ts",
      "```",
    ].join("\n");
    expect(paths(markdown)).toEqual([
      "bench/ingest/run.ts",
      "apps/web/server.ts",
      "apps/ingest/src/main.ts",
      `${ANYWHERE}persist-queue.ts`,
    ]);
  });

  it("does not read program code in code blocks", () => {
    expect(
      paths(["```ts", 'import { x } from "./src/x.ts";', "const ratio = total/count.length;", "```"].join("\n")),
    ).toEqual([]);
  });

  it("leaves out URLs, anchors, globs, placeholders, command lines, HTTP paths, topics and run-time folders", () => {
    const markdown = [
      "[site](https://example.com/a.md), [mail](mailto:a@b.c), [top](#quick-start), [p](<{id}>), [q](x%zz/*)",
      "`https://example.com/x.ts`, `bench/**`, `**/bin/**`, `packages/*/src`, `/api/v1/{token}/telemetry`",
      "`apps/<name>/README.md`, `npx tsx bench/ingest/run.ts`, `/api/ws`, `/healthz`, `v1/devices/me/telemetry`",
      "`text/plain`, `live:{tenantId}:{deviceId}`, `v2/fw/...`, `@industryos/realtime/client`, `.data/test/`",
      "`~/.cache/industryos`, `node_modules/x/index.ts`, `mqtt.js`, `0.5/1.5`, `apps/web/.next/dev`, `apps/web/.next-test`",
    ].join("\n");
    expect(paths(markdown)).toEqual([]);
  });

  it("gives the line of each path", () => {
    expect(pathReferences("README.md", "intro\n\n`apps/web`", folders)).toEqual([
      { readme: "README.md", line: 3, text: "apps/web", path: "apps/web" },
    ]);
  });
});

describe("a repository whose README names a file that is gone", () => {
  const root = mkdtempSync(join(tmpdir(), "readme-paths-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it("is reported with the README, the line and the path", () => {
    write("apps/ingest/src/main.ts", "");
    write("apps/ingest/src/core/persist-queue.ts", "");
    write("packages/api/package.json", "{}");
    write("node_modules/pkg/README.md", "`apps/gone.ts`");
    write(
      "apps/ingest/README.md",
      [
        "`src/main.ts` and `persist-queue.ts` exist;",
        "`src/platform/downlink.ts` and `outbox.ts` are gone,",
        "[as is this](../../CONTRIBUTING.md), and `packages/db/README.md`.",
      ].join("\n"),
    );
    expect(missingReadmePaths(root).map(describeReference)).toEqual([
      "apps/ingest/README.md:2 names src/platform/downlink.ts (apps/ingest/src/platform/downlink.ts)",
      "apps/ingest/README.md:2 names outbox.ts (**/outbox.ts)",
      "apps/ingest/README.md:3 names packages/db/README.md",
      "apps/ingest/README.md:3 names ../../CONTRIBUTING.md (CONTRIBUTING.md)",
    ]);
  });
});
