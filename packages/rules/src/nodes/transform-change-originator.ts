import { z } from "zod";
import { PermanentError } from "../errors.ts";
import type { Originator } from "../message.ts";
import { defineNode, success } from "../node.ts";
import { direction } from "./shared.ts";

export const changeOriginator = defineNode({
  type: "transform.changeOriginator",
  category: "transformation",
  title: "Change originator",
  description:
    "Makes the message's originator its customer, its tenant, or the first entity related to it by a relation type (FROM: the originator's outgoing relations, e.g. an asset that `Contains` it is found with TO). A device without a customer, or without such a relation, is a Failure.",
  config: z
    .object({
      to: z.enum(["customer", "tenant", "related"]).default("customer"),
      relationType: z.string().trim().max(255).optional(),
      direction,
    })
    .refine((c) => c.to !== "related" || !!c.relationType, {
      message: "Name the relation type to follow",
      path: ["relationType"],
    }),
  relations: ["Success"],
  run: async (message, config, { services }) => {
    let next: Originator | undefined;
    if (config.to === "tenant") next = { type: "TENANT", id: message.tenantId };
    else if (config.to === "customer") {
      if (message.originator.type === "CUSTOMER") next = message.originator;
      else {
        const fields = await services.entities.fields(message.tenantId, message.originator);
        if (fields?.customerId) next = { type: "CUSTOMER", id: fields.customerId };
      }
    } else {
      [next] = await services.relations.find(message.tenantId, {
        entity: message.originator,
        direction: config.direction,
        relationType: config.relationType,
        limit: 1,
      });
    }
    if (!next)
      throw new PermanentError(`The originator has no ${config.to === "related" ? "related entity" : config.to}`);
    return success({ ...message, originator: next });
  },
});
