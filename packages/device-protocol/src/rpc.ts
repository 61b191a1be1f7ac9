import { z } from "zod";
import { invalidPayload } from "./errors.ts";

/** `{"method": "...", "params": ...}`: a server→device request, or a device→server (client-side) request. */
export const rpcRequestSchema = z.object({
  method: z.string().min(1).max(255),
  params: z.unknown().optional(),
});
export type RpcRequestBody = z.infer<typeof rpcRequestSchema>;

export function parseRpcRequest(json: unknown): RpcRequestBody {
  const parsed = rpcRequestSchema.safeParse(json);
  if (!parsed.success) throw invalidPayload('RPC request must be {"method": string, "params"?: any}');
  return parsed.data;
}

/** RPC status lifecycle (ThingsBoard's persistent RPC). */
export type RpcStatus = "QUEUED" | "SENT" | "DELIVERED" | "SUCCESSFUL" | "TIMEOUT" | "EXPIRED" | "FAILED";
