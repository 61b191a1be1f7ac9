import { z } from "zod";
import { pagingInput } from "../shared/paging.ts";

export const sendRpcInput = z.object({
  method: z.string().trim().min(1, "Name the method").max(255),
  params: z.unknown().optional(),
  /** How long to wait for the device's answer (and how long an offline device may still get it). */
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  /** One-way: answer 202 as soon as the request is stored and sent; no response expected. */
  oneway: z.boolean().default(false),
  /**
   * Your id for this command (a UUID, say). Sending it again — a retry after a lost answer, a
   * double click — returns the first request's result instead of sending the command again.
   */
  clientRequestId: z.string().trim().min(1).max(100).optional(),
});

export const listRpcInput = pagingInput;
