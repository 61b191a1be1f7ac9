import { z } from "zod";
import { defineNode } from "../node.ts";
import { direction, relationType } from "./shared.ts";

export const checkRelation = defineNode({
  type: "filter.checkRelation",
  category: "filter",
  title: "Check relation",
  description:
    "True when the originator has a relation of this type in the direction (FROM: going out of the originator; TO: coming into it) — to the given entity when `entityId` is set, to any entity otherwise.",
  config: z.object({
    direction,
    relationType: relationType.default("Contains"),
    entityId: z.uuid("An entity id is a UUID").optional(),
  }),
  relations: ["True", "False"],
  run: async (message, config, { services }) => {
    const related = await services.relations.find(message.tenantId, {
      entity: message.originator,
      direction: config.direction,
      relationType: config.relationType,
      // Only the given entity matters: look through every relation of the type then.
      limit: config.entityId ? 10_000 : 1,
    });
    const matches = config.entityId
      ? related.some((e) => e.id.toLowerCase() === config.entityId!.toLowerCase())
      : related.length > 0;
    return [{ relation: matches ? "True" : "False", message }];
  },
});
