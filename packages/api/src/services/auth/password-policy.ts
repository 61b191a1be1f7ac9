import { createRequire } from "node:module";

/** Field error messages, the same on every form that sets a password. */
export const PASSWORD_TOO_COMMON =
  "This password is on a list of common or leaked passwords; choose a less guessable one";
export const PASSWORD_IS_EMAIL = "Do not use your email address (or its part before the @) as your password";

let commonPasswords: Set<string> | undefined;

/**
 * The ~49,000 most common passwords of `@zxcvbn-ts/language-common` (from leaked password
 * corpora), loaded on the first check and kept. Loaded with require so zod's synchronous
 * refinements can use it; only this server-side module touches it.
 */
function commonPasswordSet(): Set<string> {
  if (!commonPasswords) {
    const require = createRequire(import.meta.url);
    const { dictionary } = require("@zxcvbn-ts/language-common") as { dictionary: Record<string, string[]> };
    commonPasswords = new Set((dictionary["passwords-common"] ?? []).map((p) => p.toLowerCase()));
  }
  return commonPasswords;
}

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };

/**
 * The forms of a password an attacker tries first when a list word is the base: as typed
 * (case-insensitive), without spaces, without a run of digits/symbols at either end
 * ("Summer2024!", "!!dragon99"), and with common letter-for-digit swaps undone ("p@ssw0rd").
 */
function variantsOf(password: string): Set<string> {
  const lower = password.trim().toLowerCase();
  const forms = new Set([lower, lower.replace(/\s+/g, "")]);
  for (const form of [...forms]) {
    const stripped = form.replace(/^[^a-z]+|[^a-z]+$/g, "");
    if (stripped.length >= 4) forms.add(stripped);
  }
  for (const form of [...forms]) {
    const unleet = form.replace(/[013457@$]/g, (c) => LEET[c] ?? c);
    forms.add(unleet);
    const stripped = unleet.replace(/^[^a-z]+|[^a-z]+$/g, "");
    if (stripped.length >= 4) forms.add(stripped);
  }
  return forms;
}

/** True for a listed password and its simple variants. */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswordSet();
  for (const form of variantsOf(password)) if (list.has(form)) return true;
  return false;
}

/** True when the password is the email address or its local part (ignoring case, spaces and a digit/symbol tail). */
export function isEmailLikePassword(password: string, email: string): boolean {
  const address = email.trim().toLowerCase();
  const local = address.split("@")[0] ?? "";
  const forms = variantsOf(password);
  return forms.has(address) || (local.length > 0 && forms.has(local));
}

/** The field message for a new password, or undefined when it is acceptable (length is zod's job). */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (email && isEmailLikePassword(password, email)) return PASSWORD_IS_EMAIL;
  if (isCommonPassword(password)) return PASSWORD_TOO_COMMON;
  return undefined;
}
