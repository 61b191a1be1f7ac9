import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { ScriptError } from "../sandbox/script-runner.ts";

export const saveTimeseries = defineNode({
  type: "action.saveTimeseries",
  category: "action",
  title: "Save time series",
  description:
    "Stores the message's key/value data as telemetry of its originator, at the message's time (`metadata.ts` when set).",
  config: z.object({}),
  relations: ["Success"],
  run: async (message, _config, { services }) => {
    if (message.data === null || typeof message.data !== "object" || Array.isArray(message.data))
      throw new ScriptError("Save time series needs an object of key/value pairs as the message data", "output");
    const ts = Number(message.metadata.ts ?? message.ts);
    await services.telemetry.save(
      message.tenantId,
      message.originator,
      Number.isFinite(ts) ? ts : message.ts,
      message.data as Record<string, unknown>,
    );
    return success(message);
  },
});
