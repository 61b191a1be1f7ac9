import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { ScriptError } from "../sandbox/script-runner.ts";

export const rpcReply = defineNode({
  type: "action.rpcReply",
  category: "action",
  title: "RPC reply",
  description:
    "Answers the device's RPC request (metadata.requestId) with the message data, or with what the optional script returns.",
  config: z.object({ script: z.string().max(20_000).optional() }),
  relations: ["Success"],
  run: async (message, config, { services, scripts }) => {
    const requestId = Number(message.metadata.requestId);
    if (message.originator.type !== "DEVICE" || !Number.isInteger(requestId))
      throw new ScriptError("RPC reply needs a device's RPC request (metadata.requestId)", "output");
    const body = config.script
      ? scripts.compile(config.script).run(message.data, message.metadata, message.type)
      : message.data;
    await services.rpc.reply(message.tenantId, message.originator.id, requestId, body);
    return success(message);
  },
});
