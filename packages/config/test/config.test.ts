import { describe, expect, it } from "vitest";
import { ConfigError, databaseUrls, parseConfig } from "../src/index.ts";

describe("config", () => {
  it("starts with working defaults when nothing is set", () => {
    const config = parseConfig({});
    expect(config.WEB_PORT).toBe(3000);
    expect(config.MQTT_PORT).toBe(1883);
    expect(config.DATABASE_URL).toMatch(/^postgresql:\/\//);
    expect(config.DEMO_SIMULATOR).toBe(true);
  });

  it("coerces numbers and booleans from strings", () => {
    const config = parseConfig({ WEB_PORT: "4000", DEMO_SIMULATOR: "false", INGEST_BATCH_SIZE: "500" });
    expect(config.WEB_PORT).toBe(4000);
    expect(config.DEMO_SIMULATOR).toBe(false);
    expect(config.INGEST_BATCH_SIZE).toBe(500);
  });

  it("names every bad variable in the error", () => {
    let error: unknown;
    try {
      parseConfig({ WEB_PORT: "70000", REDIS_URL: "http://nope", TEMPORAL_ADDRESS: "nohost" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(variables).toEqual(["REDIS_URL", "TEMPORAL_ADDRESS", "WEB_PORT"]);
    expect((error as ConfigError).message).toContain("WEB_PORT");
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ REDIS_URL: "" }).REDIS_URL).toBe("redis://127.0.0.1:63790");
  });

  it("derives the app and system role URLs from the owner URL", () => {
    const urls = databaseUrls(parseConfig({ DATABASE_URL: "postgresql://owner:pw@db.example:5432/iot" }));
    expect(new URL(urls.app).username).toBe("industryos_app");
    expect(new URL(urls.system).username).toBe("industryos_system");
    expect(new URL(urls.app).host).toBe("db.example:5432");
    expect(new URL(urls.app).pathname).toBe("/iot");
  });

  it("reads replicas from DATABASE_READ_URL as the application role, none when unset", () => {
    expect(databaseUrls(parseConfig({})).reads).toEqual([]);
    const urls = databaseUrls(
      parseConfig({
        DATABASE_URL: "postgresql://owner:pw@db.example:5432/iot",
        DATABASE_APP_PASSWORD: "app secret/with:specials",
        DATABASE_READ_URL: "postgresql://owner:pw@replica-1:5432/iot?sslmode=require, postgresql://replica-2/iot",
      }),
    );
    expect(urls.reads).toHaveLength(2);
    const [first, second] = urls.reads.map((read) => new URL(read));
    expect(first!.username).toBe("industryos_app");
    expect(decodeURIComponent(first!.password)).toBe("app secret/with:specials");
    expect(first!.host).toBe("replica-1:5432");
    expect(first!.searchParams.get("sslmode")).toBe("require");
    expect(second!.host).toBe("replica-2");
    expect(second!.username).toBe("industryos_app");
  });

  it("rejects a DATABASE_READ_URL entry that is not a PostgreSQL URL", () => {
    expect(() => parseConfig({ DATABASE_READ_URL: "postgresql://replica-1/iot,replica-2:5432" })).toThrow(
      /DATABASE_READ_URL/,
    );
  });

  it("takes RESEND_WEBHOOK_SECRET as Resend shows it (whsec_ and base64), and refuses anything else", () => {
    expect(parseConfig({}).RESEND_WEBHOOK_SECRET).toBeUndefined();
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+/a1==";
    expect(parseConfig({ RESEND_WEBHOOK_SECRET: secret }).RESEND_WEBHOOK_SECRET).toBe(secret);
    // The API key pasted in its place: reports would be refused, so the process does not start.
    expect(() => parseConfig({ RESEND_WEBHOOK_SECRET: "re_123abc" })).toThrow(/RESEND_WEBHOOK_SECRET.*whsec_/);
  });
});
