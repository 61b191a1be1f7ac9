import { clearedSessionCookie, sessionCookie } from "../../auth/cookies.ts";
import { invalidateSession, type NewSession } from "../../auth/sessions.ts";
import type { ApiDeps } from "../../deps.ts";
import { unauthorized } from "../../errors.ts";
import { changePassword } from "../../services/auth/change-password.ts";
import { resendVerificationEmail, verifyEmail } from "../../services/auth/email-verification.ts";
import { login } from "../../services/auth/login.ts";
import { getMe } from "../../services/auth/me.ts";
import { confirmPasswordReset, requestPasswordReset } from "../../services/auth/password-reset.ts";
import {
  changePasswordInput,
  confirmPasswordResetInput,
  loginInput,
  requestPasswordResetInput,
  signupInput,
  verifyEmailInput,
} from "../../services/auth/schemas.ts";
import { signup } from "../../services/auth/signup.ts";
import { defineRoute, RestReply } from "../route.ts";

const secure = (deps: ApiDeps) => deps.publicUrl.startsWith("https:");
const cookieFor = (deps: ApiDeps, session: NewSession) =>
  sessionCookie(session.token, { secure: secure(deps), expiresAt: session.rememberMe ? session.expiresAt : undefined });

const userView = (user: { id: string; email: string; role: string; tenantId: string | null }) => ({
  id: user.id,
  email: user.email,
  role: user.role,
  tenantId: user.tenantId,
});

const TAG = "Authentication";

export const authRoutes = [
  defineRoute({
    method: "POST",
    path: "/auth/signup",
    tag: TAG,
    summary: "Create a tenant and its first administrator",
    description: "Answers 201 with a session cookie; a verification email is sent to the address.",
    access: "public",
    body: signupInput,
    successStatus: 201,
    handler: async ({ deps, body, client, setCookie }) => {
      const { tenant, user, session } = await signup(deps, body, client);
      setCookie(cookieFor(deps, session));
      return new RestReply(201, { user: userView(user), tenant: { id: tenant.id, name: tenant.name } });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/auth/login",
    tag: TAG,
    summary: "Sign in with email and password",
    description:
      "Sets the session cookie. `rememberMe` keeps it for 30 days instead of the browser session. Failed attempts are rate-limited (429).",
    access: "public",
    body: loginInput,
    handler: async ({ deps, body, client, setCookie }) => {
      const { user, session } = await login(deps, body, client);
      setCookie(cookieFor(deps, session));
      return { user: userView(user) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/auth/logout",
    tag: TAG,
    summary: "End the current session",
    access: "public",
    handler: async ({ deps, auth, setCookie }) => {
      if (auth?.via === "session") await invalidateSession(deps.db.system, auth.session.id);
      setCookie(clearedSessionCookie(secure(deps)));
      return undefined;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/auth/me",
    tag: TAG,
    summary: "The signed-in user (or the API key's tenant)",
    access: "signed-in",
    handler: async ({ deps, auth }) => {
      if (!auth) throw unauthorized();
      return getMe(deps, auth.actor);
    },
  }),
  defineRoute({
    method: "POST",
    path: "/auth/password",
    tag: TAG,
    summary: "Change the password (other sessions are signed out)",
    access: "signed-in",
    body: changePasswordInput,
    handler: async ({ deps, auth, body }) => {
      if (!auth) throw unauthorized();
      return changePassword(deps, auth.actor, body);
    },
  }),
  defineRoute({
    method: "POST",
    path: "/auth/password-reset",
    tag: TAG,
    summary: "Email a password-reset link",
    description: "Answers 202 whether or not the address has an account.",
    access: "public",
    body: requestPasswordResetInput,
    handler: async ({ deps, body }) => new RestReply(202, await requestPasswordReset(deps, body)),
  }),
  defineRoute({
    method: "POST",
    path: "/auth/password-reset/confirm",
    tag: TAG,
    summary: "Set a new password with the emailed token",
    access: "public",
    body: confirmPasswordResetInput,
    handler: async ({ deps, body }) => confirmPasswordReset(deps, body),
  }),
  defineRoute({
    method: "POST",
    path: "/auth/verify-email",
    tag: TAG,
    summary: "Confirm an email address with the emailed token",
    access: "public",
    body: verifyEmailInput,
    handler: async ({ deps, body }) => verifyEmail(deps, body),
  }),
  defineRoute({
    method: "POST",
    path: "/auth/verify-email/resend",
    tag: TAG,
    summary: "Email a new verification link to the signed-in user",
    access: "signed-in",
    handler: async ({ deps, auth }) => {
      if (!auth?.actor.userId) throw unauthorized("Sign in as a user");
      return resendVerificationEmail(deps, auth.actor.userId);
    },
  }),
];
