import type { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { burnPasswordCheck, verifyPassword } from "../../auth/password.ts";
import {
  createRateLimiter,
  LOGIN_FAILURE_BURST,
  LOGIN_PER_ADDRESS,
  LOGIN_PER_EMAIL_AND_ADDRESS,
  LOGIN_PER_EMAIL_FROM_NEW_ADDRESSES,
} from "../../auth/rate-limit.ts";
import { createSession } from "../../auth/sessions.ts";
import { linkEmail, sendEmail } from "../../email/send-email.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { loginInput } from "./schemas.ts";
import { waitInWords } from "../../auth/wait-in-words.ts";

export interface ClientInfo {
  ipAddress?: string;
  userAgent?: string;
}

const WRONG_CREDENTIALS = "Email or password is incorrect";

/** How long an address that signed in to an account stays "the owner's own" for it. */
const KNOWN_ADDRESS_TTL_SECONDS = 90 * 24 * 60 * 60;
/** From the owner's own address: no wait for the first failures, then 1 s, 2 s, 4 s … up to a minute. */
const FREE_FAILURES = 4;
const MAX_DELAY_SECONDS = 60;

const knownKey = (deps: ApiDeps, email: string) => `${deps.redisPrefix}login:known:${email}`;
const delayKey = (deps: ApiDeps, email: string, address: string) =>
  `${deps.redisPrefix}login:delay:${email}|${address}`;

/** Marks the address as one the account's owner signs in from (a successful login or sign-up). */
export async function rememberSignInAddress(deps: ApiDeps, email: string, address: string | undefined) {
  if (!address) return;
  const key = knownKey(deps, email);
  await deps.redis.multi().sadd(key, address).expire(key, KNOWN_ADDRESS_TTL_SECONDS).exec();
}

/** Seconds to wait before the next try after `failures` failures from the owner's own address. */
export const progressiveDelaySeconds = (failures: number) =>
  failures <= FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS);

/**
 * Tells the owner, at most once per window, that their account saw a burst of failed logins.
 * Not awaited by the login: an existing account must not answer slower than an unknown email.
 */
function notifyFailureBurst(deps: ApiDeps, email: string, failures: number) {
  const minutes = LOGIN_FAILURE_BURST.windowSeconds / 60;
  void (async () => {
    const first = await deps.redis.set(
      `${deps.redisPrefix}login:burst-notified:${email}`,
      "1",
      "EX",
      LOGIN_FAILURE_BURST.windowSeconds,
      "NX",
    );
    if (first !== "OK") return;
    const link = new URL("/forgot-password", deps.publicUrl).toString();
    await sendEmail(
      deps,
      linkEmail(
        email,
        "Failed sign-in attempts on your IndustryOS account",
        `Someone entered a wrong password for this account ${failures} times within ${minutes} minutes. ` +
          "If that was not you, your account is still safe: the attempts are being slowed down and blocked. " +
          "If you have forgotten your password, choose a new one.",
        "Reset your password",
        link,
      ),
    );
  })().catch((error: unknown) => deps.logger.error({ err: error }, "failed-login notification failed"));
}

/**
 * Checks the password (argon2id) and opens a session. Failures are throttled per email and
 * client address together, so an attacker cannot lock the owner out:
 * - from an address that has signed in to the account before (the owner's own), failures only
 *   slow down the next try (progressive delay, 429 with a short Retry-After), never lock;
 * - from any other address, 5 failures per email and address block that pair for 15 minutes,
 *   and 50 per email over all such addresses block new addresses (a distributed guess);
 * - every address has 30 failures over all emails (password spraying).
 * A burst of failures emails the owner, at most once per window. Unknown emails go through the
 * same steps, so the answers do not tell whether an account exists.
 */
export async function login(deps: ApiDeps, input: z.infer<typeof loginInput>, client: ClientInfo) {
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  const address = client.ipAddress ?? "unknown";
  const addressBucket = `login:ip:${address}`;
  const pairBucket = `login:pair:${input.email}|${address}`;
  const newAddressesBucket = `login:new-addresses:${input.email}`;
  const burstBucket = `login:burst:${input.email}`;
  await limiter.check(addressBucket, LOGIN_PER_ADDRESS);
  const ownAddress = (await deps.redis.sismember(knownKey(deps, input.email), address)) === 1;
  if (ownAddress) {
    const waitMs = await deps.redis.pttl(delayKey(deps, input.email, address));
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new ApiError("RATE_LIMITED", `Too many attempts; try again ${waitInWords(retryAfterSeconds)}`, {
        retryAfterSeconds,
      });
    }
  } else {
    await limiter.check(pairBucket, LOGIN_PER_EMAIL_AND_ADDRESS);
    await limiter.check(newAddressesBucket, LOGIN_PER_EMAIL_FROM_NEW_ADDRESSES);
  }

  const user = await deps.db.system.user.findUnique({ where: { email: input.email } });
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : (await burnPasswordCheck(input.password), false);
  if (!user || !valid || user.disabledAt) {
    const [pairFailures, burst] = await Promise.all([
      limiter.hit(pairBucket, LOGIN_PER_EMAIL_AND_ADDRESS),
      limiter.hit(burstBucket, LOGIN_FAILURE_BURST),
      limiter.hit(addressBucket, LOGIN_PER_ADDRESS),
      ownAddress ? undefined : limiter.hit(newAddressesBucket, LOGIN_PER_EMAIL_FROM_NEW_ADDRESSES),
    ]);
    const delay = ownAddress ? progressiveDelaySeconds(pairFailures) : 0;
    if (delay > 0) await deps.redis.set(delayKey(deps, input.email, address), "1", "EX", delay);
    if (user && !user.disabledAt && burst >= LOGIN_FAILURE_BURST.limit) notifyFailureBurst(deps, user.email, burst);
    if (user) {
      await recordAudit(
        deps.db.system,
        user.tenantId,
        { userId: user.id, email: user.email, role: user.role, tenantId: user.tenantId, customerId: user.customerId },
        {
          actionType: "LOGIN",
          entityType: "USER",
          entityId: user.id,
          status: "FAILURE",
          failureDetails: user.disabledAt ? "account disabled" : "wrong password",
        },
      );
    }
    throw new ApiError("UNAUTHORIZED", user?.disabledAt && valid ? "This account is disabled" : WRONG_CREDENTIALS);
  }
  await Promise.all([
    limiter.reset(pairBucket),
    deps.redis.del(delayKey(deps, input.email, address)),
    rememberSignInAddress(deps, user.email, client.ipAddress),
  ]);
  const session = await createSession(deps.db.system, user, { rememberMe: input.rememberMe, ...client });
  await deps.db.system.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await recordAudit(
    deps.db.system,
    user.tenantId,
    { userId: user.id, email: user.email, role: user.role, tenantId: user.tenantId, customerId: user.customerId },
    {
      actionType: "LOGIN",
      entityType: "USER",
      entityId: user.id,
      entityName: user.email,
    },
  );
  return { user, session };
}
