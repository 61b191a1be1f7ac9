import { z } from "zod";
import { pagingInput } from "../shared/paging.ts";

export const customerInput = z.object({
  title: z.string().trim().min(1, "Name the customer").max(255),
  email: z.email().max(254).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
});
export const listCustomersInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });
