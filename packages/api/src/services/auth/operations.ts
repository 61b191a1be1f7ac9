import { publishRevocation } from "@industryos/realtime/revocation";
import { clearedSessionCookie, sessionCookie } from "../../auth/cookies.ts";
import { invalidateSession, type NewSession } from "../../auth/sessions.ts";
import type { ApiDeps } from "../../deps.ts";
import { unauthorized } from "../../errors.ts";
import { defineOperation, Reply } from "../../operations/operation.ts";
import { changePassword } from "./change-password.ts";
import { resendVerificationEmail, verifyEmail } from "./email-verification.ts";
import { login } from "./login.ts";
import { getMe } from "./me.ts";
import { describePasswordLink, passwordLinkInput } from "./password-link.ts";
import { confirmPasswordReset, requestPasswordReset } from "./password-reset.ts";
import {
  changePasswordInput,
  confirmPasswordResetInput,
  confirmSignupInput,
  loginInput,
  requestPasswordResetInput,
  signupInput,
  verifyEmailInput,
} from "./schemas.ts";
import { confirmSignup, requestSignup } from "./signup.ts";

const secure = (deps: ApiDeps) => deps.publicUrl.startsWith("https:");
const cookieFor = (deps: ApiDeps, session: NewSession) =>
  sessionCookie(session.token, { secure: secure(deps), expiresAt: session.rememberMe ? session.expiresAt : undefined });

const userView = (user: { id: string; email: string; role: string; tenantId: string | null }) => ({
  id: user.id,
  email: user.email,
  role: user.role,
  tenantId: user.tenantId,
});

const tag = "Authentication";
const examplePassword = "correct horse battery staple";

export const authOperations = {
  signup: defineOperation({
    method: "POST",
    path: "/auth/signup",
    tag,
    summary: "Start creating a tenant and its first administrator",
    description:
      'Answers 202 `{status: "confirmation_sent", email, message}` for every valid request, whether or not the address ' +
      "already has an account, and creates nothing yet: a new address is emailed a one-time link (48 h) whose token " +
      "`POST /auth/signup/confirm` takes; an address with an account is told someone tried to sign up with it.",
    access: "public",
    body: signupInput,
    example: { email: "admin@plant.example", password: examplePassword, tenantName: "North Plant" },
    successStatus: 202,
    handler: async ({ deps, body, client }) => new Reply(202, (await requestSignup(deps, body, client)).accepted),
  }),
  confirmSignup: defineOperation({
    method: "POST",
    path: "/auth/signup/confirm",
    tag,
    summary: "Create the tenant with the emailed sign-up token",
    description: "Answers 201 with a session cookie; the address counts as verified. A token works once, for 48 hours.",
    access: "public",
    body: confirmSignupInput,
    successStatus: 201,
    handler: async ({ deps, body, client, setCookie }) => {
      const { tenant, user, session } = await confirmSignup(deps, body, client);
      setCookie(cookieFor(deps, session));
      return new Reply(201, { user: userView(user), tenant: { id: tenant.id, name: tenant.name } });
    },
  }),
  login: defineOperation({
    method: "POST",
    path: "/auth/login",
    tag,
    summary: "Sign in with email and password",
    description:
      "Sets the session cookie. `rememberMe` keeps it for 30 days instead of the browser session. Failed attempts are rate-limited (429).",
    access: "public",
    body: loginInput,
    example: { email: "admin@plant.example", password: examplePassword },
    handler: async ({ deps, body, client, setCookie }) => {
      const { user, session } = await login(deps, body, client);
      setCookie(cookieFor(deps, session));
      return { user: userView(user) };
    },
  }),
  logout: defineOperation({
    method: "POST",
    path: "/auth/logout",
    tag,
    summary: "End the current session",
    access: "public",
    handler: async ({ deps, auth, setCookie }) => {
      if (auth?.via === "session") await invalidateSession(deps.db.system, auth.session.id);
      if (auth?.via === "session") await publishRevocation(deps.redis, { kind: "session", id: auth.session.id });
      setCookie(clearedSessionCookie(secure(deps)));
      return undefined;
    },
  }),
  me: defineOperation({
    method: "GET",
    path: "/auth/me",
    tag,
    summary: "The signed-in user (or the API key's tenant)",
    access: "signed-in",
    handler: ({ deps, actor }) => getMe(deps, actor),
  }),
  changePassword: defineOperation({
    method: "POST",
    path: "/auth/password",
    tag,
    summary: "Change the password (other sessions are signed out)",
    access: "signed-in",
    body: changePasswordInput,
    example: { currentPassword: examplePassword, newPassword: "a longer passphrase of mine" },
    handler: ({ deps, actor, body }) => changePassword(deps, actor, body),
  }),
  requestPasswordReset: defineOperation({
    method: "POST",
    path: "/auth/password-reset",
    tag,
    summary: "Email a password-reset link",
    description: "Answers 202 whether or not the address has an account.",
    access: "public",
    body: requestPasswordResetInput,
    example: { email: "admin@plant.example" },
    handler: async ({ deps, body }) => new Reply(202, await requestPasswordReset(deps, body)),
  }),
  describePasswordLink: defineOperation({
    method: "GET",
    path: "/auth/password-link",
    tag,
    summary: "What an emailed password link is for: an invitation to a workspace or a reset",
    description:
      'Answers `{purpose: "invitation" | "reset", email, workspaceName}` for a link still unused and unexpired ' +
      "(400 otherwise), so the page it opens can name the workspace an invited user joins.",
    access: "public",
    query: passwordLinkInput,
    handler: ({ deps, query }) => describePasswordLink(deps, query),
  }),
  confirmPasswordReset: defineOperation({
    method: "POST",
    path: "/auth/password-reset/confirm",
    tag,
    summary: "Set a new password with the emailed token",
    access: "public",
    body: confirmPasswordResetInput,
    handler: ({ deps, body }) => confirmPasswordReset(deps, body),
  }),
  verifyEmail: defineOperation({
    method: "POST",
    path: "/auth/verify-email",
    tag,
    summary: "Confirm an email address with the emailed token",
    access: "public",
    body: verifyEmailInput,
    handler: ({ deps, body }) => verifyEmail(deps, body),
  }),
  resendVerification: defineOperation({
    method: "POST",
    path: "/auth/verify-email/resend",
    tag,
    summary: "Email a new verification link to the signed-in user",
    access: "signed-in",
    handler: async ({ deps, actor }) => {
      if (!actor.userId) throw unauthorized("Sign in as a user");
      return resendVerificationEmail(deps, actor.userId);
    },
  }),
};
