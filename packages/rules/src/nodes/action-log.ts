import { z } from "zod";
import { defineNode, success } from "../node.ts";

export const logMessage = defineNode({
  type: "action.log",
  category: "action",
  title: "Log",
  description: "Writes the message to the workers' log (and to the node's debug events when debug is on).",
  config: z.object({}),
  relations: ["Success"],
  run: async (message, _config, { services }) => {
    services.log(message, JSON.stringify({ type: message.type, data: message.data, metadata: message.metadata }));
    return success(message);
  },
});
