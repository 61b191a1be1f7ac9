import { z } from "zod";
import { defineNode } from "../node.ts";

export const THRESHOLD_OPERATORS = [">", ">=", "<", "<=", "==", "!="] as const;

/** `left op right` for two numbers or two strings (the threshold filter's and the profile alarm conditions' test). */
export const compareWith = <T extends number | string>(left: T, op: (typeof THRESHOLD_OPERATORS)[number], right: T) => {
  switch (op) {
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case "==":
      return left === right;
    case "!=":
      return left !== right;
  }
};

/** A key of the message's data, or of its metadata when the data has no such key. */
function valueOf(data: unknown, metadata: Record<string, string>, key: string): unknown {
  if (data !== null && typeof data === "object" && key in data) return (data as Record<string, unknown>)[key];
  return metadata[key];
}

export const thresholdFilter = defineNode({
  type: "filter.threshold",
  category: "filter",
  title: "Threshold",
  description:
    "Compares a key of the message (or its metadata) with a value: `temperature > 30`. A message without the key (another device's data, an alarm event) goes to Missing, not False.",
  config: z.object({
    key: z.string().min(1, "Name the key"),
    op: z.enum(THRESHOLD_OPERATORS),
    value: z.union([z.number(), z.string()]),
  }),
  // "Missing" keeps "else" branches honest: "temperature > 30 → raise, False → clear" must not
  // clear on an alarm event or another key's message, which carry no temperature at all.
  relations: ["True", "False", "Missing"],
  run: async (message, config) => {
    const raw = valueOf(message.data, message.metadata, config.key);
    if (raw === undefined || raw === null) return [{ relation: "Missing", message }];
    // Numbers compare as numbers even when they arrive as text ("31.5" from metadata).
    const numeric = typeof config.value === "number";
    const left = numeric ? (typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : NaN) : raw;
    const matches =
      left !== undefined &&
      left !== null &&
      !(numeric && Number.isNaN(left)) &&
      (typeof left === "number" || typeof left === "string") &&
      compareWith(left, config.op, config.value);
    return [{ relation: matches ? "True" : "False", message }];
  },
});
