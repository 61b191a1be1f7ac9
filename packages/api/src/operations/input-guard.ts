import { ApiError } from "../errors.ts";

/** Deeper than any entity, attribute value or dashboard the platform stores. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Refuses input PostgreSQL cannot store or that costs more to walk than it is worth: a NUL
 * character (text columns refuse it, which surfaced as a 500) and nesting beyond
 * MAX_INPUT_DEPTH. Runs before validation, on path, query and body alike.
 */
export function assertStorableInput(value: unknown, where: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes("\u0000")) throw new ApiError("BAD_REQUEST", `The ${where} contains a NUL character`);
    } else if (current !== null && typeof current === "object") {
      if (depth >= MAX_INPUT_DEPTH)
        throw new ApiError("BAD_REQUEST", `The ${where} is nested deeper than ${MAX_INPUT_DEPTH} levels`);
      for (const [key, item] of Object.entries(current)) {
        if (key.includes("\u0000")) throw new ApiError("BAD_REQUEST", `The ${where} contains a NUL character`);
        stack.push([item, depth + 1]);
      }
    }
  }
}
