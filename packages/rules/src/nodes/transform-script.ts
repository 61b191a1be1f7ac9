import { z } from "zod";
import { deriveMessage } from "../message.ts";
import { defineNode, success } from "../node.ts";
import { runScript, ScriptError } from "../sandbox/script-runner.ts";
import { metadataStrings, scriptMessageOutput } from "./shared.ts";

export const scriptTransform = defineNode({
  type: "transform.script",
  category: "transformation",
  title: "Script transformation",
  description:
    "JavaScript returning `{msg, metadata, msgType}` (each optional but msg): the changed message. E.g. `msg.temperatureF = msg.temperature * 1.8 + 32; return {msg: msg};`",
  config: z.object({ script: z.string().min(1, "Write the script").max(20_000) }),
  relations: ["Success"],
  run: async (message, config, { scripts, nodeId }) => {
    const result = scriptMessageOutput.safeParse(
      await runScript(scripts.compile(config.script), message.data, message.metadata, message.type),
    );
    if (!result.success)
      throw new ScriptError("A transformation script must return {msg, metadata?, msgType?}", "output");
    return success(
      deriveMessage(
        message,
        {
          data: result.data.msg,
          metadata: result.data.metadata ? metadataStrings(result.data.metadata) : message.metadata,
          type: result.data.msgType ?? message.type,
        },
        nodeId ?? "script",
      ),
    );
  },
});
