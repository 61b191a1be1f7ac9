import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { createRuleChain } from "./create-rule-chain.ts";
import { deleteRuleChain } from "./delete-rule-chain.ts";
import { exportRuleChain } from "./export-rule-chain.ts";
import { getRuleChain } from "./get-rule-chain.ts";
import { getRuleChainVersion } from "./get-rule-chain-version.ts";
import { importRuleChain } from "./import-rule-chain.ts";
import { listDeadLetters } from "./list-dead-letters.ts";
import { listDebugEvents } from "./list-debug-events.ts";
import { listNodeTypes } from "./list-node-types.ts";
import { listRuleChainVersions } from "./list-rule-chain-versions.ts";
import { listRuleChains } from "./list-rule-chains.ts";
import { replayDeadLetter } from "./replay-dead-letter.ts";
import { restoreRuleChainVersion } from "./restore-rule-chain-version.ts";
import { ruleEngineLag } from "./rule-engine-lag.ts";
import {
  createRuleChainInput,
  deadLetterParams,
  debugEventsInput,
  importRuleChainInput,
  listDeadLettersInput,
  listRuleChainsInput,
  listVersionsInput,
  testScriptInput,
  updateRuleChainInput,
  versionParams,
} from "./schemas.ts";
import { setRootRuleChain } from "./set-root-rule-chain.ts";
import { testScript } from "./test-script.ts";
import { updateRuleChain } from "./update-rule-chain.ts";

const tag = "Rule chains";
const tenant = "tenant" as const;

/** "temperature > 30 → create alarm": the example chain of the reference. */
const exampleChain = {
  nodes: [
    { id: "hot", type: "filter.threshold", name: "Too hot", config: { key: "temperature", op: ">", value: 30 } },
    {
      id: "alarm",
      type: "action.createAlarm",
      name: "High temperature",
      config: { alarmType: "High temperature", severity: "MAJOR" },
    },
  ],
  connections: [
    { from: "input", to: "hot", relation: "Success" },
    { from: "hot", to: "alarm", relation: "True" },
  ],
};

/**
 * Rule chains (tenant administrators only): CRUD where every save is a version, the root chain,
 * versions (list, one whole for diffs, restore), import/export, debug events, "test this script".
 */
export const ruleChainOperations = {
  list: defineOperation({
    method: "GET",
    path: "/rule-chains",
    tag,
    summary: "List rule chains (root first)",
    access: tenant,
    roles: TENANT_ADMIN,
    query: listRuleChainsInput,
    handler: ({ ctx, query }) => listRuleChains(ctx, query),
  }),
  create: defineOperation({
    method: "POST",
    path: "/rule-chains",
    tag,
    summary: "Create a rule chain",
    description:
      'Nodes and connections labelled with relations; the entry point is the pseudo-node "input" in `from`. ' +
      "A chain that does not check (unknown node type, invalid configuration, dangling connection) is a 422 whose " +
      "`details` are `[{path, message}]`; warnings (nodes no message reaches) come back in `warnings`.",
    access: tenant,
    roles: TENANT_ADMIN,
    body: createRuleChainInput,
    example: { name: "Temperature alarms", ...exampleChain },
    successStatus: 201,
    handler: ({ ctx, body }) => createRuleChain(ctx, body),
  }),
  testScript: defineOperation({
    method: "POST",
    path: "/rule-chains/test-script",
    tag,
    summary: "Run a script against a sample message in the rule engine's sandbox",
    description:
      "Answers `{output}` (the script's return value) or `{error}` (syntax error, exception, time or memory limit), " +
      "both with 200.",
    access: tenant,
    roles: TENANT_ADMIN,
    body: testScriptInput,
    example: {
      script: "return msg.temperature > 30;",
      msg: { temperature: 31 },
      metadata: { deviceName: "Boiler 1" },
      msgType: "POST_TELEMETRY_REQUEST",
    },
    handler: ({ ctx, body }) => testScript(ctx, body),
  }),
  import: defineOperation({
    method: "POST",
    path: "/rule-chains/import",
    tag,
    summary: "Create a rule chain from exported JSON",
    access: tenant,
    roles: TENANT_ADMIN,
    body: importRuleChainInput,
    example: { name: "Imported temperature alarms", ...exampleChain },
    successStatus: 201,
    handler: ({ ctx, body }) => importRuleChain(ctx, body),
  }),
  get: defineOperation({
    method: "GET",
    path: "/rule-chains/{id}",
    tag,
    summary: "Get a rule chain",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => getRuleChain(ctx, params.id),
  }),
  update: defineOperation({
    method: "PUT",
    path: "/rule-chains/{id}",
    tag,
    summary: "Save a rule chain (a new version)",
    description:
      "The whole chain again; saved as version + 1. With `version` (the one the editor loaded), a chain saved by " +
      "someone else meanwhile is a 409.",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    body: updateRuleChainInput,
    example: { name: "Temperature alarms", ...exampleChain },
    handler: ({ ctx, params, body }) => updateRuleChain(ctx, params.id, body),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/rule-chains/{id}",
    tag,
    summary: "Delete a rule chain (not the root, nor one a profile uses)",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteRuleChain(ctx, params.id),
  }),
  setRoot: defineOperation({
    method: "POST",
    path: "/rule-chains/{id}/root",
    tag,
    summary: "Make a rule chain the tenant's root chain",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => setRootRuleChain(ctx, params.id),
  }),
  versions: defineOperation({
    method: "GET",
    path: "/rule-chains/{id}/versions",
    tag,
    summary: "List a rule chain's saved versions, newest first",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    query: listVersionsInput,
    handler: ({ ctx, params, query }) => listRuleChainVersions(ctx, params.id, query),
  }),
  getVersion: defineOperation({
    method: "GET",
    path: "/rule-chains/{id}/versions/{version}",
    tag,
    summary: "Get one saved version of a rule chain, whole (for a diff)",
    access: tenant,
    roles: TENANT_ADMIN,
    params: versionParams,
    handler: ({ ctx, params }) => getRuleChainVersion(ctx, params.id, params.version),
  }),
  restoreVersion: defineOperation({
    method: "POST",
    path: "/rule-chains/{id}/versions/{version}/restore",
    tag,
    summary: "Roll a rule chain back to a version (saved as a new version)",
    access: tenant,
    roles: TENANT_ADMIN,
    params: versionParams,
    handler: ({ ctx, params }) => restoreRuleChainVersion(ctx, params.id, params.version),
  }),
  export: defineOperation({
    method: "GET",
    path: "/rule-chains/{id}/export",
    tag,
    summary: "Export a rule chain as JSON (name, nodes, connections)",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => exportRuleChain(ctx, params.id),
  }),
  debugEvents: defineOperation({
    method: "GET",
    path: "/rule-chains/{id}/debug-events",
    tag,
    summary: "Debug events of a rule chain's nodes, newest first",
    description:
      "What nodes with debug on did: `{nodeId, input, outputs: [{relation, message}], error?, durationMs, ts}`.",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    query: debugEventsInput,
    handler: ({ ctx, params, query }) => listDebugEvents(ctx, params.id, query),
  }),
};

const engineTag = "Rule engine";

/** The rule engine as the console sees it: the node palette, dead letters and their replay, lag. */
export const ruleEngineOperations = {
  nodeTypes: defineOperation({
    method: "GET",
    path: "/rule-engine/node-types",
    tag: engineTag,
    summary: "The node palette: every node type with its relations and configuration's JSON Schema",
    access: tenant,
    roles: TENANT_ADMIN,
    handler: () => listNodeTypes(),
  }),
  deadLetters: defineOperation({
    method: "GET",
    path: "/rule-engine/dead-letters",
    tag: engineTag,
    summary: "Messages that failed their chain after every retry, newest first",
    access: tenant,
    roles: TENANT_ADMIN,
    query: listDeadLettersInput,
    handler: ({ ctx, query }) => listDeadLetters(ctx, query),
  }),
  replayDeadLetter: defineOperation({
    method: "POST",
    path: "/rule-engine/dead-letters/{id}/replay",
    tag: engineTag,
    summary: "Put a dead letter back on its rule-engine stream",
    access: tenant,
    roles: TENANT_ADMIN,
    params: deadLetterParams,
    handler: ({ ctx, params }) => replayDeadLetter(ctx, params.id),
  }),
  lag: defineOperation({
    method: "GET",
    path: "/rule-engine/lag",
    tag: engineTag,
    summary: "Per partition: stream length, and the consumer group's pending entries and lag",
    access: tenant,
    roles: TENANT_ADMIN,
    handler: ({ ctx }) => ruleEngineLag(ctx),
  }),
};
