import { describe, expect, it } from "vitest";
import { createSecretBox, generateSecretKey } from "../src/secret-box.ts";

describe("the secret box", () => {
  const key = generateSecretKey();

  it("opens what it sealed, and never seals the same text the same way twice", () => {
    const box = createSecretBox(key);
    const a = box.seal("re_live_123");
    const b = box.seal("re_live_123");
    expect(a).not.toBe(b);
    expect(a).not.toContain("re_live_123");
    expect(box.open(a)).toBe("re_live_123");
    expect(box.open(b)).toBe("re_live_123");
  });

  it("refuses a sealed secret that was altered", () => {
    const box = createSecretBox(key);
    const parts = box.seal("xoxb-slack-token").split(":");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => box.open(parts.join(":"))).toThrow(/altered/);
  });

  it("refuses a secret sealed under a key it does not hold, naming the setting", () => {
    const sealed = createSecretBox(generateSecretKey()).seal("secret");
    expect(() => createSecretBox(key).open(sealed)).toThrow(/SECRETS_PREVIOUS_KEYS/);
  });

  it("after a rotation, opens secrets of the previous key and re-seals them under the new one", () => {
    const old = createSecretBox(key);
    const sealed = old.seal("AC-twilio-token");
    const next = createSecretBox(generateSecretKey(), [key]);
    expect(next.open(sealed)).toBe("AC-twilio-token");
    expect(next.needsRotation(sealed)).toBe(true);
    const resealed = next.rotate(sealed);
    expect(next.needsRotation(resealed)).toBe(false);
    expect(() => old.open(resealed)).toThrow();
    expect(next.open(resealed)).toBe("AC-twilio-token");
  });

  it("accepts keys as base64 or hex, and rejects keys of the wrong length", () => {
    const hex = Buffer.from(key, "base64").toString("hex");
    expect(createSecretBox(hex).open(createSecretBox(key).seal("same key"))).toBe("same key");
    expect(() => createSecretBox("c2hvcnQ=")).toThrow(/32 bytes/);
  });
});
