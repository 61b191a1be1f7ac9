import type { z } from "zod";
import type { ApiDeps, SystemDb } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { hashPassword } from "../../auth/password.ts";
import { createRateLimiter, SIGNUPS_PER_ADDRESS, SIGNUP_EMAILS_PER_ADDRESS } from "../../auth/rate-limit.ts";
import { createSession, type NewSession } from "../../auth/sessions.ts";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import { linkEmail, sendEmail } from "../../email/send-email.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { createDefaultRuleChain } from "../rule-chains/default-rule-chain.ts";
import type { confirmSignupInput, signupInput } from "./schemas.ts";
import { rememberSignInAddress, type ClientInfo } from "./login.ts";

/** How long a sign-up link works. */
const PENDING_SIGNUP_TTL_SECONDS = 48 * 60 * 60;

export interface PendingSignup {
  email: string;
  tenantName: string;
  name?: string;
  passwordHash: string;
}

const pendingKey = (deps: ApiDeps, token: string) => `${deps.redisPrefix}signup:pending:${hashSecret(token)}`;

/** The one answer every accepted sign-up gets, whether or not the address already has an account. */
export const signupAccepted = (email: string) => ({
  status: "confirmation_sent" as const,
  email,
  message: `We sent a link to ${email}. Open it to finish creating your workspace.`,
});

/**
 * Step one of sign-up: nothing is created yet. The answer is the same whether or not the address
 * already has an account, so sign-up cannot tell anyone who is a user:
 * - a new address gets a one-time link (48 h) that creates the workspace (`confirmSignup`); the
 *   request waits in Redis under the link's hash, with the password already hashed;
 * - an address with an account gets an email saying someone tried to sign up with it.
 * Both paths hash the password and send one email (the same per-address budget of 3 an hour
 * caps both), so status, body and timing match. Returns the token only to its caller, for tests.
 */
export async function requestSignup(deps: ApiDeps, input: z.infer<typeof signupInput>, client: ClientInfo) {
  // Each sign-up may create a tenant: cap how many one client address can start.
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  const bucket = `signup:ip:${client.ipAddress ?? "unknown"}`;
  await limiter.check(bucket, SIGNUPS_PER_ADDRESS);
  await limiter.hit(bucket, SIGNUPS_PER_ADDRESS);

  const passwordHash = await hashPassword(input.password);
  const existing = await deps.db.system.user.findUnique({ where: { email: input.email }, select: { id: true } });
  // Past its email budget an address gets nothing more, whichever case it is (no mail bombing).
  const emailBudget = await limiter.hit(`signup:email:${input.email}`, SIGNUP_EMAILS_PER_ADDRESS);
  const mayEmail = emailBudget <= SIGNUP_EMAILS_PER_ADDRESS.limit;
  let token: string | undefined;
  let email;
  if (existing) {
    email = linkEmail(
      input.email,
      "Someone tried to sign up with your IndustryOS address",
      "Someone tried to create a new IndustryOS workspace with this email address, which already has an account. " +
        "Nothing was created. If it was you, sign in instead (or reset your password if you have forgotten it).",
      "Sign in",
      new URL("/login", deps.publicUrl).toString(),
    );
  } else {
    token = generateSecret();
    const pending: PendingSignup = { email: input.email, tenantName: input.tenantName, name: input.name, passwordHash };
    await deps.redis.set(pendingKey(deps, token), JSON.stringify(pending), "EX", PENDING_SIGNUP_TTL_SECONDS);
    email = linkEmail(
      input.email,
      "Finish creating your IndustryOS workspace",
      `Open this link to create the workspace "${input.tenantName}" and sign in. The link works for 48 hours.`,
      "Create my workspace",
      new URL(`/signup?confirm=${token}`, deps.publicUrl).toString(),
    );
  }
  // A failed email must not change the answer: the person can sign up again.
  if (mayEmail)
    await sendEmail(deps, email).catch((error: unknown) => deps.logger.error({ err: error }, "sign-up email failed"));
  return { accepted: signupAccepted(input.email), confirmationToken: token };
}

/**
 * A tenant with its first admin (address verified, signed in now) and a default device and asset
 * profile, in one transaction. Also how test set-ups create a signed-up workspace.
 */
export async function createWorkspace(system: SystemDb, workspace: PendingSignup) {
  const now = new Date();
  return system.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { name: workspace.tenantName, email: workspace.email } });
    const user = await tx.user.create({
      data: {
        tenantId: tenant.id,
        email: workspace.email,
        name: workspace.name,
        role: "TENANT_ADMIN",
        passwordHash: workspace.passwordHash,
        emailVerifiedAt: now,
        lastLoginAt: now,
      },
    });
    await tx.deviceProfile.create({ data: { tenantId: tenant.id, name: "default", isDefault: true } });
    await tx.assetProfile.create({ data: { tenantId: tenant.id, name: "default", isDefault: true } });
    await createDefaultRuleChain(tx, tenant.id);
    return { tenant, user };
  });
}

/**
 * Step two: the emailed link creates the tenant with its first admin (address verified: the
 * link proves it), a default device and asset profile, and a signed-in session. One use.
 * Runs on the system client: the tenant does not exist yet, so there is nothing to scope to.
 */
export async function confirmSignup(deps: ApiDeps, input: z.infer<typeof confirmSignupInput>, client: ClientInfo) {
  const raw = await deps.redis.getdel(pendingKey(deps, input.token));
  if (!raw) throw new ApiError("BAD_REQUEST", "This sign-up link is invalid, used or expired; sign up again");
  const pending = JSON.parse(raw) as PendingSignup;
  // Someone may have been invited with the address since; only the address's owner sees this.
  const taken = await deps.db.system.user.findUnique({ where: { email: pending.email }, select: { id: true } });
  if (taken) throw new ApiError("BAD_REQUEST", "This address has an account now; sign in instead");

  const { tenant, user } = await createWorkspace(deps.db.system, pending);
  const actor = { userId: user.id, email: user.email, role: user.role, tenantId: tenant.id, customerId: null };
  await recordAudit(deps.db.system, tenant.id, actor, {
    actionType: "SIGNUP",
    entityType: "TENANT",
    entityId: tenant.id,
    entityName: tenant.name,
  });
  const session: NewSession = await createSession(deps.db.system, user, { rememberMe: false, ...client });
  await rememberSignInAddress(deps, user.email, client.ipAddress);
  return { tenant, user, session };
}
