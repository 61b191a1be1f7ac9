import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";
import { isRecord } from "./shared.ts";

export const rpcToDevice = defineNode({
  type: "action.rpcToDevice",
  category: "action",
  title: "RPC call to device",
  description:
    "Sends the message data `{method, params}` to the originating device as a server-side RPC. Two-way: waits for the answer (at most the timeout; the originator's next messages wait too) and sends it as the data to Success, with `requestId` in the metadata; no answer in time is a Failure. One-way: Success once sent. A redelivered message sends the command again.",
  config: z.object({
    timeoutSeconds: z.number().int().min(1).max(60).default(10),
    oneway: z.boolean().default(false),
  }),
  relations: ["Success"],
  run: async (message, config, { services }) => {
    if (message.originator.type !== "DEVICE")
      throw new PermanentError(`RPC call needs a device originator, not a ${message.originator.type}`);
    const data = isRecord(message.data) ? message.data : {};
    if (typeof data.method !== "string" || data.method.trim() === "")
      throw new PermanentError("RPC call needs the message data {method, params}");
    const result = await services.rpc.send(message.tenantId, message.originator.id, {
      method: data.method,
      params: data.params ?? {},
      timeoutMs: config.timeoutSeconds * 1000,
      oneway: config.oneway,
    });
    const metadata = { ...message.metadata, requestId: String(result.requestId) };
    if (config.oneway) return [{ relation: "Success", message: { ...message, metadata } }];
    if (result.response === null)
      throw new PermanentError(`The device did not answer RPC ${result.requestId} within ${config.timeoutSeconds} s`);
    return [{ relation: "Success", message: { ...message, data: result.response, metadata } }];
  },
});
