import { z } from "zod";
import { pagingInput } from "../shared/paging.ts";

export const sendRpcInput = z.object({
  method: z.string().trim().min(1, "Name the method").max(255),
  params: z.unknown().optional(),
  /** How long to wait for the device's answer (and how long an offline device may still get it). */
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  /** One-way: answer 202 as soon as the request is stored and sent; no response expected. */
  oneway: z.boolean().default(false),
});

export const listRpcInput = pagingInput;
