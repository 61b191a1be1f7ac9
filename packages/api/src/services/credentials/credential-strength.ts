import { ApiError } from "../../errors.ts";
import { DEFAULT_CREDENTIAL_POLICY, type CredentialPolicy } from "../../deps.ts";

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/**
 * Refuses a custom access token that could be guessed: one tenant could otherwise find another
 * tenant's short token by trying it as its own (tokens are unique across tenants).
 */
export function assertStrongSecret(
  value: string,
  field: "accessToken",
  policy: CredentialPolicy = DEFAULT_CREDENTIAL_POLICY,
): void {
  const classes = CLASSES.filter((pattern) => pattern.test(value)).length;
  const problem =
    value.length < policy.minLength
      ? `Use at least ${policy.minLength} characters`
      : classes < policy.minCharacterClasses
        ? `Mix at least ${policy.minCharacterClasses} of: lower-case letters, upper-case letters, digits, other characters`
        : null;
  if (problem) throw new ApiError("VALIDATION_FAILED", problem, [{ path: [field], message: problem }]);
}
