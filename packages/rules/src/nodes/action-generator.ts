import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { deriveMessage, type Originator } from "../message.ts";
import { defineNode, success } from "../node.ts";
import { ScriptError } from "../sandbox/script-runner.ts";
import { metadataStrings, scriptMessageOutput } from "./shared.ts";

export const GENERATOR_ORIGINATOR_TYPES = ["TENANT", "DEVICE", "ASSET", "CUSTOMER"] as const;

/** ThingsBoard's example generator script, so a new node makes telemetry at once. */
export const DEFAULT_GENERATOR_SCRIPT = `var msg = { temperature: 42, humidity: 77 };
var metadata = { data: 40 };
var msgType = "POST_TELEMETRY_REQUEST";
return { msg: msg, metadata: metadata, msgType: msgType };`;

/** The previous generated message, which the script receives as msg, metadata and msgType. */
interface Previous {
  msg: unknown;
  metadata: Record<string, string>;
  msgType: string;
}

const FIRST: Previous = { msg: {}, metadata: {}, msgType: "POST_TELEMETRY_REQUEST" };

export const generator = defineNode({
  type: "action.generator",
  category: "action",
  title: "Generator",
  description:
    "Makes a message every period: a script returns `{msg, metadata, msgType}` and the result goes to Success, from the chosen originator (the tenant unless another is named). The script receives the previous generated message as msg, metadata and msgType ({} the first time). Runs on its own schedule while the chain has the node, one schedule across all workers (durable, through Temporal); nothing connects into it.",
  config: z
    .object({
      periodSeconds: z
        .number()
        .int("Use a whole number")
        .min(1, "At least 1")
        .max(86_400 * 30)
        .default(60),
      originatorType: z.enum(GENERATOR_ORIGINATOR_TYPES).default("TENANT"),
      originatorId: z.uuid("Use the entity's id (a UUID)").optional(),
      script: z.string().min(1, "Write the script").max(20_000).default(DEFAULT_GENERATOR_SCRIPT),
    })
    .refine((c) => c.originatorType === "TENANT" || c.originatorId !== undefined, {
      message: "Name the originator's id",
      path: ["originatorId"],
    }),
  relations: ["Success"],
  source: true,
  run: async (tick, config, { services, scripts, chainId, nodeId }) => {
    const tenantId = tick.tenantId;
    const originator: Originator =
      config.originatorType === "TENANT"
        ? { type: "TENANT", id: tenantId }
        : { type: config.originatorType, id: config.originatorId! };
    // The id is the tenant's input: only an entity of this tenant may originate its messages.
    if (originator.type !== "TENANT" && !(await services.entities.fields(tenantId, originator)))
      throw new PermanentError(
        `The generator's originator, ${originator.type} ${originator.id}, is not in this tenant`,
      );
    const stateKey = `generator:${chainId ?? "chain"}:${nodeId ?? "node"}`;
    const stored = await services.cache.get(tenantId, stateKey);
    const previous = stored ? (JSON.parse(stored) as Previous) : FIRST;
    const result = scriptMessageOutput.safeParse(
      scripts.compile(config.script).run(previous.msg, previous.metadata, previous.msgType),
    );
    if (!result.success) throw new ScriptError("A generator script must return {msg, metadata?, msgType?}", "output");
    const next: Previous = {
      msg: result.data.msg ?? {},
      metadata: metadataStrings(result.data.metadata ?? {}),
      msgType: result.data.msgType ?? "POST_TELEMETRY_REQUEST",
    };
    // Kept a few periods: a schedule that stopped for longer starts again from {}.
    await services.cache.set(tenantId, stateKey, JSON.stringify(next), Math.max(3_600, config.periodSeconds * 3));
    return success(
      deriveMessage(
        tick,
        { type: next.msgType, originator, data: next.msg, metadata: { ...next.metadata, ts: String(tick.ts) } },
        nodeId ?? "generator",
      ),
    );
  },
});
