import { crudOperations } from "../../operations/crud.ts";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { applyUplink } from "./apply-uplink.ts";
import { edgeDownlink } from "./downlink.ts";
import { createEdge, deleteEdge, getEdge, listEdges, updateEdge } from "./save-edge.ts";
import {
  createEdgeInput,
  downlinkPage,
  downlinkQuery,
  listEdgesInput,
  updateEdgeInput,
  uplinkBatch,
  uplinkResult,
} from "./schemas.ts";

const tag = "Edges";

/** The edge of an edge sync call (runOperation lets only an edge's key and secret reach these). */
const edgeIdOf = (actor: { edgeId?: string }) => actor.edgeId!;

/**
 * Edge instances (tenant administrators) and the two operations an edge calls with its key and secret
 * (`Authorization: Edge <key>:<secret>`): the downlink it pulls, the uplink it pushes (docs/edge.md).
 */
export const edgeOperations = {
  ...crudOperations({
    path: "/edges",
    tag,
    noun: "edge",
    createSummary: "Create an edge (its secret is in the answer, once)",
    readRoles: TENANT_ADMIN,
    writeRoles: TENANT_ADMIN,
    listInput: listEdgesInput,
    createInput: createEdgeInput,
    updateInput: updateEdgeInput,
    createExample: { name: "Plant Hamburg" },
    updateExample: { name: "Plant Hamburg, hall 2" },
    list: listEdges,
    get: getEdge,
    create: createEdge,
    update: updateEdge,
    remove: deleteEdge,
  }),
  downlink: defineOperation({
    method: "GET",
    path: "/edge/downlink",
    tag,
    summary: "What changed for the calling edge: rule chains, device profiles, devices and their credentials",
    description:
      "Called by an edge with `Authorization: Edge <key>:<secret>`. A page of what changed since `cursor` (everything without one); pass the answer's `cursor` back for the next page, at once while `more` is true.",
    access: "tenant",
    roles: TENANT_ADMIN,
    edge: true,
    // It hands out device credentials.
    scope: "write",
    query: downlinkQuery,
    response: downlinkPage,
    handler: ({ ctx, actor, query }) => edgeDownlink(ctx, edgeIdOf(actor), query),
  }),
  uplink: defineOperation({
    method: "POST",
    path: "/edge/uplink",
    tag,
    summary: "Apply a batch of the calling edge's telemetry, attribute changes and alarms, in seq order",
    description:
      "Called by an edge with `Authorization: Edge <key>:<secret>`. Entries at or below the edge's `uplinkSeq` were applied before and are skipped, so a batch sent again after a lost answer is not applied twice.",
    access: "tenant",
    roles: TENANT_ADMIN,
    edge: true,
    body: uplinkBatch,
    example: {
      entries: [
        {
          seq: 1,
          kind: "TELEMETRY",
          entityId: "3c9e2a61-7d3f-4f0a-8c55-9e4d1c2b3a41",
          points: [{ key: "temperature", ts: 1765130400000, value: { type: "DOUBLE", value: 21.5 } }],
        },
      ],
    },
    response: uplinkResult,
    handler: ({ ctx, actor, body }) => applyUplink(ctx, edgeIdOf(actor), body),
  }),
};
