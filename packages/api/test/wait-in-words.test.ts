import { describe, expect, it } from "vitest";
import { waitInWords } from "../src/auth/wait-in-words.ts";

// A 429's message is read by people ("Too many attempts; try again in 32 minutes"), not by programs
// (they have retryAfterSeconds and Retry-After).
describe("waitInWords", () => {
  it("says a wait in the largest unit it fills", () => {
    expect(waitInWords(1914)).toBe("in 32 minutes");
    expect(waitInWords(45)).toBe("in 45 seconds");
    expect(waitInWords(60)).toBe("in 1 minute");
    expect(waitInWords(2 * 3600 + 100)).toBe("in 2 hours");
    expect(waitInWords(3 * 86_400)).toBe("in 3 days");
  });
  it("never says zero", () => {
    expect(waitInWords(0.2)).toBe("in 1 second");
  });
});
