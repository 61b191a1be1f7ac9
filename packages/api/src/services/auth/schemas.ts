import { z } from "zod";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254));

/** Length is what makes a password strong; no composition rules (NIST SP 800-63B). */
export const newPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(256, "Use at most 256 characters");

export const signupInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  tenantName: z.string().trim().min(1, "Name your workspace").max(100),
  name: z.string().trim().max(100).optional(),
});

export const loginInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(256),
  rememberMe: z.boolean().default(false),
});

export const requestPasswordResetInput = z.object({ email: emailSchema });
export const confirmPasswordResetInput = z.object({ token: z.string().min(10).max(200), password: newPasswordSchema });
export const verifyEmailInput = z.object({ token: z.string().min(10).max(200) });
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: newPasswordSchema,
});
