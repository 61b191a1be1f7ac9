import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode, success } from "../node.ts";
import { enrichFrom, entityDataConfig } from "./enrich-entity-data.ts";
import { direction, relationType } from "./shared.ts";

export const relatedEntityData = defineNode({
  type: "enrich.relatedEntityData",
  category: "enrichment",
  title: "Related entity data",
  description:
    "Adds server attributes (or latest telemetry) of the first entity related to the originator (FROM: by the originator's outgoing relations; TO: by relations into it, e.g. the asset that `Contains` a device) to the message metadata (or data). No related entity is a Failure.",
  config: z.object({
    direction: direction.default("TO"),
    relationType: relationType.default("Contains"),
    ...entityDataConfig,
  }),
  relations: ["Success"],
  run: async (message, config, context) => {
    const [related] = await context.services.relations.find(message.tenantId, {
      entity: message.originator,
      direction: config.direction,
      relationType: config.relationType,
      limit: 1,
    });
    if (!related)
      throw new PermanentError(`The originator has no ${config.relationType} relation (${config.direction})`);
    return success(await enrichFrom(message, related, config, context, "Related entity data"));
  },
});
