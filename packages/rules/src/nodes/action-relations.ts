import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";
import type { Originator, RuleMessage } from "../message.ts";
import { direction, relationType } from "./shared.ts";

export const RELATED_ENTITY_TYPES = ["DEVICE", "ASSET", "CUSTOMER", "TENANT"] as const;

const relationConfig = z.object({
  direction,
  relationType: relationType.default("Contains"),
  entityType: z.enum(RELATED_ENTITY_TYPES).default("ASSET"),
  /** The other entity; `${metadata key}` takes it from the message (e.g. `${assetId}`). */
  entityId: z
    .string()
    .trim()
    .min(1, "Name the entity: its id, or ${metadataKey}")
    .regex(/^(\$\{[^}]+\}|[0-9a-fA-F-]{36})$/, "An entity id (UUID) or ${metadataKey}"),
});

/** The relation between the originator and the configured entity, or null when a `${key}` is missing. */
function relationOf(message: RuleMessage, config: z.output<typeof relationConfig>) {
  const template = /^\$\{([^}]+)\}$/.exec(config.entityId);
  const id = template ? message.metadata[template[1]!] : config.entityId;
  if (!id) return null;
  const other: Originator = { type: config.entityType, id };
  return config.direction === "FROM"
    ? { from: message.originator, to: other, type: config.relationType }
    : { from: other, to: message.originator, type: config.relationType };
}

export const createRelation = defineNode({
  type: "action.createRelation",
  category: "action",
  title: "Create relation",
  description:
    "Relates the originator to an entity (FROM: originator → entity; TO: entity → originator) by the relation type, e.g. an asset `Contains` the device. The entity id is fixed or `${metadataKey}`. Success whether it is new or existed already.",
  config: relationConfig,
  relations: ["Success"],
  run: async (message, config, { services }) => {
    const relation = relationOf(message, config);
    if (!relation) throw new PermanentError(`The message has no ${config.entityId} in its metadata`);
    const created = await services.relations.create(message.tenantId, relation);
    return [
      {
        relation: "Success",
        message: { ...message, metadata: { ...message.metadata, relationCreated: String(created) } },
      },
    ];
  },
});

export const deleteRelation = defineNode({
  type: "action.deleteRelation",
  category: "action",
  title: "Delete relation",
  description:
    "Removes the relation between the originator and an entity (FROM: originator → entity; TO: entity → originator) of the relation type. Success when one was removed, False when there was none.",
  config: relationConfig,
  relations: ["Success", "False"],
  run: async (message, config, { services }) => {
    const relation = relationOf(message, config);
    if (!relation) throw new PermanentError(`The message has no ${config.entityId} in its metadata`);
    return [{ relation: (await services.relations.delete(message.tenantId, relation)) ? "Success" : "False", message }];
  },
});
