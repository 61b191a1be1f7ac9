import { describe, expect, it } from "vitest";
import { chooseTickStep, timeTicks } from "../../src/widgets/chart/time-ticks.ts";

const at = (iso: string) => Date.parse(iso);

describe("timeTicks", () => {
  it("starts and ends at the window, whatever the data", () => {
    const from = at("2026-03-01T10:14:23Z");
    const to = at("2026-03-01T10:19:23Z");
    const { ticks } = timeTicks(from, to);
    expect(ticks[0]).toBe(from);
    expect(ticks.at(-1)).toBe(to);
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
  });

  it("labels a two-minute window with seconds and never twice the same", () => {
    const from = at("2026-03-01T22:14:05Z");
    const { ticks, format } = timeTicks(from, from + 120_000);
    const labels = ticks.map(format);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => /^\d\d:\d\d:\d\d$/.test(l))).toBe(true);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
  });

  it("keeps labels unique when a window end rounds onto a nice tick's minute", () => {
    // Step of a minute, hours:minutes labels; the end 10:19:50 reads "10:19" like the tick at 10:19.
    const from = at("2026-03-01T10:14:40Z");
    const to = at("2026-03-01T10:19:50Z");
    const { ticks, format } = timeTicks(from, to);
    const labels = ticks.map(format);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("puts inner ticks on round local times", () => {
    const from = at("2026-03-01T10:03:17Z");
    const { ticks } = timeTicks(from, from + 3_600_000);
    for (const t of ticks.slice(1, -1)) expect(new Date(t).getSeconds()).toBe(0);
    for (const t of ticks.slice(1, -1)) expect(new Date(t).getMinutes() % 15).toBe(0);
  });

  it("names the date when hours repeat across days, and only dates for weeks", () => {
    const from = at("2026-03-01T00:00:00Z");
    const twoDays = timeTicks(from, from + 2 * 86_400_000, { locale: "en-US" });
    const twoDayLabels = twoDays.ticks.map(twoDays.format);
    expect(new Set(twoDayLabels).size).toBe(twoDayLabels.length);
    expect(twoDayLabels.every((l) => /Mar/.test(l))).toBe(true);
    const month = timeTicks(from, from + 30 * 86_400_000, { locale: "en-US" });
    expect(month.ticks.map(month.format).every((l) => /^[A-Z][a-z]{2} \d{1,2}$/.test(l))).toBe(true);
  });

  it("chooses the shortest nice step that fits the ticks wanted", () => {
    expect(chooseTickStep(60_000, 7)).toBe(10_000);
    expect(chooseTickStep(3_600_000, 7)).toBe(600_000);
    expect(chooseTickStep(86_400_000, 7)).toBe(21_600_000);
  });
});
