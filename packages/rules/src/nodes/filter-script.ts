import { z } from "zod";
import { defineNode } from "../node.ts";
import { runScript, ScriptError } from "../sandbox/script-runner.ts";

export const scriptFilter = defineNode({
  type: "filter.script",
  category: "filter",
  title: "Script filter",
  description: "JavaScript returning true or false, e.g. `return msg.temperature > 30;` (msg, metadata, msgType).",
  config: z.object({ script: z.string().min(1, "Write the script").max(20_000) }),
  relations: ["True", "False"],
  run: async (message, config, { scripts }) => {
    const result = await runScript(scripts.compile(config.script), message.data, message.metadata, message.type);
    if (typeof result !== "boolean") throw new ScriptError("A filter script must return true or false", "output");
    return [{ relation: result ? "True" : "False", message }];
  },
});
