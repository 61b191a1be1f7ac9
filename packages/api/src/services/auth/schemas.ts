import { z } from "zod";
import { isCommonPassword, isEmailLikePassword, PASSWORD_IS_EMAIL, PASSWORD_TOO_COMMON } from "./password-policy.ts";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254));

/**
 * Length is what makes a password strong; no composition rules, but no password from a list of
 * common and leaked ones either (NIST SP 800-63B). Forms that know the address also refuse the
 * email as the password (signup here, reset and change in their services) with the same message.
 */
export const newPasswordSchema = z
  .string()
  // abort: one message per field; a short password is not also "common".
  .min(10, { message: "Use at least 10 characters", abort: true })
  .max(256, { message: "Use at most 256 characters", abort: true })
  .refine((password) => !isCommonPassword(password), PASSWORD_TOO_COMMON);

export const signupInput = z
  .object({
    email: emailSchema,
    password: newPasswordSchema,
    tenantName: z.string().trim().min(1, "Name your workspace").max(100),
    name: z.string().trim().max(100).optional(),
  })
  .refine((input) => !isEmailLikePassword(input.password, input.email), {
    path: ["password"],
    message: PASSWORD_IS_EMAIL,
  });

export const confirmSignupInput = z.object({ token: z.string().min(10).max(200) });

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
