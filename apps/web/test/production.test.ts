import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// What `npm start` serves is a production build: no development endpoints, no stack traces or
// server paths in any answer, and React's production bundles in the browser.
let stack: Stack;
let browser: Browser;
const repoRoot = new URL("../../../", import.meta.url).pathname.replace(/\/$/, "");

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Whatever would tell an attacker where the server runs or how its code fails. */
function expectNoInternals(body: string) {
  expect(body).not.toContain(repoRoot);
  expect(body).not.toContain("node_modules");
  expect(body).not.toMatch(/\bat [\w.<>]+ \(/); // a stack frame: "at fn (file:line)"
  expect(body).not.toMatch(/"stack"\s*:/);
}

describe("the production web process", () => {
  it("answers 404 on Next's development endpoints", async () => {
    const file = encodeURIComponent(`${repoRoot}/apps/web/app/layout.tsx`);
    const probes: [string, RequestInit?][] = [
      [`/__nextjs_original-stack-frame?file=${file}&lineNumber=1&column=1`],
      [
        "/__nextjs_original-stack-frames",
        { method: "POST", body: JSON.stringify({ frames: [], isServer: true, isEdgeServer: false }) },
      ],
      [`/__nextjs_source-map?filename=${file}`],
      [`/__nextjs_launch-editor?file=${file}&lineNumber=1&column=1`],
      ["/__nextjs_attach-nodejs-inspector"],
    ];
    for (const [path, init] of probes) {
      const response = await fetch(`${stack.url}${path}`, init);
      expect(response.status, path).toBe(404);
      expectNoInternals(await response.text());
    }
  });

  it("shows no stack or server path in error answers", async () => {
    const answers = [
      await fetch(`${stack.url}/api/trpc/devices.list?input=${encodeURIComponent("{not json")}`),
      await fetch(`${stack.url}/api/trpc/no.such.procedure`),
      await fetch(`${stack.url}/api/v1/devices/not-a-uuid`),
      await fetch(`${stack.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: stack.url },
        body: "{",
      }),
      await fetch(`${stack.url}/no/such/page`),
      await fetch(`${stack.url}/_next/static/no-such-chunk.js`),
      await fetch(`${stack.url}/devices/%E0%A4%A`),
    ];
    for (const response of answers) {
      expect(response.status, response.url).toBeGreaterThanOrEqual(400);
      expectNoInternals(await response.text());
    }
  });

  it("serves React's production build with no server paths in pages or scripts", async () => {
    const page = await browser.newPage();
    try {
      // React registers its renderer with the DevTools hook and says which build it is: 0 is production.
      await page.addInitScript(() => {
        const w = window as unknown as { __bundleTypes: number[]; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
        w.__bundleTypes = [];
        w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
          renderers: new Map(),
          supportsFiber: true,
          isDisabled: false,
          inject(renderer: { bundleType: number }) {
            w.__bundleTypes.push(renderer.bundleType);
            return w.__bundleTypes.length;
          },
          onScheduleFiberRoot() {},
          onCommitFiberRoot() {},
          onCommitFiberUnmount() {},
          onPostCommitFiberRoot() {},
          checkDCE() {},
        };
      });
      const scripts: string[] = [];
      page.on("response", (response) => {
        if (response.url().endsWith(".js")) scripts.push(response.url());
      });
      await page.goto(`${stack.url}/login`, { waitUntil: "networkidle" });
      await page.getByLabel("Email").waitFor();
      expect(await page.evaluate(() => (window as unknown as { __bundleTypes: number[] }).__bundleTypes)).toEqual([0]);

      expectNoInternals(await page.content());
      expect(scripts.length).toBeGreaterThan(0);
      for (const url of scripts) {
        const source = await (await fetch(url)).text();
        expect(source, url).not.toContain(repoRoot);
        expect(source, url).not.toContain(".development.js");
      }
    } finally {
      await page.close();
    }
  }, 60_000);
});
