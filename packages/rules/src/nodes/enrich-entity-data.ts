import { z } from "zod";
import { PermanentError } from "../errors.ts";
import type { Originator, RuleMessage } from "../message.ts";
import type { NodeContext } from "../node.ts";
import { keyMapping, MESSAGE_PARTS, withValues } from "./shared.ts";

/** What enrichment from another entity reads: its server attributes, or its latest telemetry. */
export const ENTITY_DATA_SOURCES = ["SERVER_ATTRIBUTES", "LATEST_TELEMETRY"] as const;

export const entityDataConfig = {
  source: z.enum(ENTITY_DATA_SOURCES).default("SERVER_ATTRIBUTES"),
  mapping: keyMapping.default([{ from: "temperatureThreshold", to: "threshold" }]),
  to: z.enum(MESSAGE_PARTS).default("metadata"),
};

type EntityDataConfig = {
  source: (typeof ENTITY_DATA_SOURCES)[number];
  mapping: { from: string; to: string }[];
  to: (typeof MESSAGE_PARTS)[number];
};

/** Reads the mapped keys of `entity` and adds them to the message under their target names. */
export async function enrichFrom(
  message: RuleMessage,
  entity: Originator,
  config: EntityDataConfig,
  { services }: NodeContext,
  node: string,
): Promise<RuleMessage> {
  const keys = [...new Set(config.mapping.map((m) => m.from))];
  const found: Record<string, unknown> =
    config.source === "LATEST_TELEMETRY"
      ? Object.fromEntries(
          Object.entries(await services.telemetry.latest(message.tenantId, entity, keys)).map(([k, p]) => [k, p.value]),
        )
      : await services.attributes.get(message.tenantId, entity, "SERVER", keys);
  const values: Record<string, unknown> = {};
  for (const { from, to } of config.mapping) if (found[from] !== undefined) values[to] = found[from];
  return withValues(message, config.to, values, node);
}

/** The originator's customer (itself when it is one); a Failure when it has none. */
export async function customerOf(message: RuleMessage, { services }: NodeContext): Promise<Originator> {
  if (message.originator.type === "CUSTOMER") return message.originator;
  const fields = await services.entities.fields(message.tenantId, message.originator);
  if (!fields?.customerId) throw new PermanentError("The originator is not assigned to a customer");
  return { type: "CUSTOMER", id: fields.customerId };
}
