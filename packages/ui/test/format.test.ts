import { describe, expect, it } from "vitest";
import { formatNumber, formatRelativeTime, formatValue } from "../src/format.ts";

describe("formatting for people", () => {
  it("groups thousands and trims long fractions", () => {
    expect(formatNumber(1234567.891)).toBe("1,234,567.89");
  });

  it("shows values of every attribute type readably", () => {
    expect(formatValue(21.456)).toBe("21.46");
    expect(formatValue(true)).toBe("true");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(null)).toBe("—");
  });

  it("says how long ago something happened", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(formatRelativeTime(now - 3000, now)).toBe("just now");
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe("5 minutes ago");
    expect(formatRelativeTime(now - 26 * 3600_000, now)).toBe("yesterday");
    expect(formatRelativeTime(null, now)).toBe("never");
  });
});
