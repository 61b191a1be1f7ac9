import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Every console page carries a Content-Security-Policy with a per-request script nonce and a
// Permissions-Policy, and still renders and runs without a single CSP violation.
vi.setConfig({ testTimeout: 120_000 });

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const PAGES = ["/login", "/signup", "/forgot-password", "/devices"];

function directives(policy: string) {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("console security headers", () => {
  it.each(PAGES)("%s has a nonce-based CSP and a Permissions-Policy", async (path) => {
    const response = await fetch(`${stack.url}${path}`, { redirect: "manual" });
    const policy = response.headers.get("content-security-policy") ?? "";
    const csp = directives(policy);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    const scriptSrc = csp.get("script-src") ?? [];
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc.join(" ")).not.toMatch(/unsafe-inline|unsafe-eval/);
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc.join(" "))?.[1];
    expect(nonce).toBeTruthy();
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(response.headers.get("permissions-policy")).toContain("camera=()");
    expect(response.headers.get("permissions-policy")).toContain("microphone=()");

    if (response.status === 200) {
      // Next put the nonce on every script of the page.
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
  });

  it("uses a fresh nonce on every request", async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(async () => {
        const policy = (await fetch(`${stack.url}/login`)).headers.get("content-security-policy") ?? "";
        return /'nonce-([^']+)'/.exec(policy)?.[1];
      }),
    );
    expect(new Set(nonces).size).toBe(3);
  });

  it("lets other sites embed public dashboards only", async () => {
    const response = await fetch(`${stack.url}/public/dashboards/00000000-0000-4000-8000-000000000000`);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(directives(policy).get("default-src")).toEqual(["'self'"]);
    expect(policy).not.toContain("frame-ancestors");
  });

  it("renders and runs the pages without CSP violations", async () => {
    const page = await browser.newPage({ baseURL: stack.url });
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || /Content Security Policy|Permissions-Policy/i.test(message.text()))
        problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
    await page.exposeFunction("reportViolation", (v: string) => problems.push(`${page.url()}: violation ${v}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { reportViolation(v: string): void }).reportViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      );
    });
    try {
      await page.goto("/signup");
      await page.getByRole("heading", { name: "Create your workspace" }).waitFor();
      await page.goto("/login");
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      // The page's scripts run (hydrated): a wrong password shows the server's answer.
      await page.getByLabel("Email").fill("nobody@example.test");
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").waitFor();
      await page.goto("/forgot-password");
      await page.waitForLoadState("networkidle");
      // A 401 of the login form is an expected console error of the browser, not a CSP problem.
      expect(problems.filter((p) => !p.includes("401"))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
