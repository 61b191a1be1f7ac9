import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "@industryos/devstack";

describe("npm start with a bad configuration value", () => {
  it("stops before starting anything, naming the variable", () => {
    const result = spawnSync("node_modules/.bin/tsx", ["packages/launcher/src/bin/start.ts"], {
      cwd: repoRoot,
      env: { ...process.env, WEB_PORT: "99999", REDIS_URL: "http://not-redis" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain("WEB_PORT");
    expect(result.stderr).toContain("REDIS_URL");
    expect(result.stdout).not.toContain("starting PostgreSQL");
  });
});
