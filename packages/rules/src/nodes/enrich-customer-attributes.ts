import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { customerOf, enrichFrom, entityDataConfig } from "./enrich-entity-data.ts";

export const customerAttributes = defineNode({
  type: "enrich.customerAttributes",
  category: "enrichment",
  title: "Customer attributes",
  description:
    "Adds server attributes (or latest telemetry) of the originator's customer to the message metadata (or data), each source key under its target key. An originator without a customer is a Failure.",
  config: z.object(entityDataConfig),
  relations: ["Success"],
  run: async (message, config, context) =>
    success(await enrichFrom(message, await customerOf(message, context), config, context, "Customer attributes")),
});
