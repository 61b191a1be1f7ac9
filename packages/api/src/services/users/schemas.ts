import { z } from "zod";
import { emailSchema } from "../auth/schemas.ts";
import { pagingInput, uuid } from "../shared/paging.ts";

export const inviteUserInput = z
  .object({
    email: emailSchema,
    name: z.string().trim().max(100).optional(),
    role: z.enum(["TENANT_ADMIN", "CUSTOMER_USER"]),
    customerId: uuid.optional(),
  })
  .refine((u) => u.role !== "CUSTOMER_USER" || u.customerId, {
    message: "A customer user belongs to a customer",
    path: ["customerId"],
  });

export const updateUserInput = z
  .object({ name: z.string().trim().max(100).nullable(), disabled: z.boolean() })
  .partial();
export const listUsersInput = pagingInput.extend({
  customerId: uuid.optional(),
  search: z.string().trim().max(255).optional(),
});
