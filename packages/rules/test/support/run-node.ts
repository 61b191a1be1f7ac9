import {
  createMessage,
  NODE_TYPES,
  type NodeOutput,
  type RuleMessage,
  type RuleServices,
  type ScriptRunner,
} from "../../src/index.ts";

export const TENANT = "7b1e4c2a-1f0d-4c8e-9a6b-2d3e4f5a6b7c";
export const device = { type: "DEVICE", id: "3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f01" };

export const message = (fields: Partial<RuleMessage> = {}): RuleMessage =>
  createMessage({
    type: "POST_TELEMETRY_REQUEST",
    tenantId: TENANT,
    originator: device,
    ts: 1_700_000_000_000,
    data: {},
    ...fields,
  });

const noScripts: ScriptRunner = {
  compile() {
    throw new Error("no scripts in this test");
  },
};

/** One node run as a chain runs it: the configuration parsed (defaults applied) by its schema, then `run`. */
export async function runNode(
  type: string,
  config: unknown,
  input: RuleMessage,
  services: RuleServices,
  nodeId = "node",
): Promise<NodeOutput[]> {
  const node = NODE_TYPES.get(type);
  if (!node) throw new Error(`no node type ${type}`);
  return node.run(input, node.config.parse(config), { services, scripts: noScripts, nodeId });
}

/** The configuration's errors as `path: message`, for tests of validation. */
export function configErrors(type: string, config: unknown): string[] {
  const result = NODE_TYPES.get(type)!.config.safeParse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}
