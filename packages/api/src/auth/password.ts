import { hashSecret, verifySecret } from "@industryos/db";

// User passwords are hashed like every other secret the platform keeps: @industryos/db's
// argon2id (OWASP baseline parameters, one set for passwords and device secrets).

export function hashPassword(password: string): Promise<string> {
  return hashSecret(password);
}

/** False for a wrong password and for a malformed stored hash (it never authenticates). */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verifySecret(passwordHash, password);
}

/** Verifies against a throwaway hash so an unknown email costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  decoyHash ??= hashPassword("decoy-password-for-timing");
  await verifyPassword(await decoyHash, password);
}
