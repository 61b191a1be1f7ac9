import { z } from "zod";
import { deriveMessage } from "../message.ts";
import { defineNode, success } from "../node.ts";
import { runScript, ScriptError } from "../sandbox/script-runner.ts";
import { metadataStrings, readScriptOutput } from "./shared.ts";

export const scriptTransform = defineNode({
  type: "transform.script",
  category: "transformation",
  title: "Script transformation",
  description:
    "JavaScript returning `{msg, metadata, msgType}` (each optional but msg): the changed message. E.g. `msg.temperatureF = msg.temperature * 1.8 + 32; return {msg: msg};`",
  config: z.object({ script: z.string().min(1, "Write the script").max(20_000) }),
  relations: ["Success"],
  run: async (message, config, { scripts, nodeId }) => {
    const result = readScriptOutput(
      await runScript(scripts.compile(config.script), message.data, message.metadata, message.type),
    );
    if (!result) throw new ScriptError("A transformation script must return {msg, metadata?, msgType?}", "output");
    return success(
      deriveMessage(
        message,
        {
          data: result.msg,
          metadata: result.metadata ? metadataStrings(result.metadata) : message.metadata,
          type: result.msgType ?? message.type,
        },
        nodeId ?? "script",
      ),
    );
  },
});
