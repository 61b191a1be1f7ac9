import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode, success } from "../node.ts";
import { MESSAGE_PARTS, withValues } from "./shared.ts";

export const ORIGINATOR_FIELDS = ["name", "label", "type", "profileName", "customerId", "createdTime", "id"] as const;

/** `name` → `originatorName`, ThingsBoard's default mapping. */
const targetKey = (field: string) => `originator${field[0]!.toUpperCase()}${field.slice(1)}`;

export const originatorFields = defineNode({
  type: "enrich.originatorFields",
  category: "enrichment",
  title: "Originator fields",
  description:
    "Adds the originator's own fields to the message metadata (or data) as `originatorName`, `originatorLabel`, `originatorType`, `originatorProfileName`, `originatorCustomerId`, `originatorCreatedTime`, `originatorId`. Empty fields are left out; an originator that no longer exists is a Failure.",
  config: z.object({
    fields: z.array(z.enum(ORIGINATOR_FIELDS)).min(1, "Pick at least one field").default(["name", "type"]),
    to: z.enum(MESSAGE_PARTS).default("metadata"),
  }),
  relations: ["Success"],
  run: async (message, config, { services }) => {
    const entity = await services.entities.fields(message.tenantId, message.originator);
    if (!entity)
      throw new PermanentError(`The originator ${message.originator.type} ${message.originator.id} was not found`);
    const values: Record<string, unknown> = {};
    for (const field of config.fields) {
      const value = entity[field];
      if (value !== null && value !== undefined) values[targetKey(field)] = value;
    }
    return success(withValues(message, config.to, values, "Originator fields"));
  },
});
