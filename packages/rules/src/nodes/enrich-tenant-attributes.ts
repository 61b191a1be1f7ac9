import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { enrichFrom, entityDataConfig } from "./enrich-entity-data.ts";

export const tenantAttributes = defineNode({
  type: "enrich.tenantAttributes",
  category: "enrichment",
  title: "Tenant attributes",
  description:
    "Adds server attributes (or latest telemetry) of the tenant to the message metadata (or data), each source key under its target key.",
  config: z.object(entityDataConfig),
  relations: ["Success"],
  run: async (message, config, context) =>
    success(await enrichFrom(message, { type: "TENANT", id: message.tenantId }, config, context, "Tenant attributes")),
});
