import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";
import { isRecord, keyName } from "./shared.ts";

const numberOf = (raw: unknown): number | undefined => {
  const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  return Number.isFinite(value) ? value : undefined;
};

export const delta = defineNode({
  type: "enrich.delta",
  category: "enrichment",
  title: "Calculate delta",
  description:
    "For telemetry carrying `inputKey` (a meter reading): adds to the data `outputKey` = this value minus the originator's stored latest value (0 when there is none), and, with `periodKey`, the milliseconds between them. Place it before Save time series, which would make the stored value this one. Messages without the key go to Other; a negative delta is a Failure when `failOnNegative` is on.",
  config: z.object({
    inputKey: keyName.default("pulseCounter"),
    outputKey: keyName.default("delta"),
    periodKey: keyName.optional(),
    decimals: z.number().int().min(0).max(15).optional(),
    failOnNegative: z.boolean().default(false),
  }),
  relations: ["Success", "Other"],
  run: async (message, config, { services }) => {
    const data = isRecord(message.data) ? message.data : undefined;
    const current = data ? numberOf(data[config.inputKey]) : undefined;
    if (message.type !== "POST_TELEMETRY_REQUEST" || !data || current === undefined)
      return [{ relation: "Other", message }];
    const ts = Number(message.metadata.ts ?? message.ts);
    const stored = (await services.telemetry.latest(message.tenantId, message.originator, [config.inputKey]))[
      config.inputKey
    ];
    const previous = stored ? numberOf(stored.value) : undefined;
    let difference = previous === undefined ? 0 : current - previous;
    if (config.decimals !== undefined) difference = Number(difference.toFixed(config.decimals));
    if (config.failOnNegative && difference < 0)
      throw new PermanentError(`${config.inputKey} went down by ${-difference}: a negative delta`);
    const added: Record<string, unknown> = { [config.outputKey]: difference };
    if (config.periodKey) added[config.periodKey] = stored && previous !== undefined ? ts - stored.ts : 0;
    return [{ relation: "Success", message: { ...message, data: { ...data, ...added } } }];
  },
});
