// Compose files write `${NAME:?message}` (required) and `${NAME:-default}`: to check the environment a
// service would get, fill each with a value the way `docker compose` would from the operator's `.env`.
const INTERPOLATION = /\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g;

/** Replaces each interpolation with `values[NAME]`, else its `-` default; a required one without a value throws. */
export function interpolate(text: string, values: Record<string, string>): string {
  return text.replace(INTERPOLATION, (_whole, name: string, operator: string | undefined, word: string | undefined) => {
    if (values[name] !== undefined) return values[name];
    if (operator?.endsWith("?")) throw new Error(`${name} is required by the compose file: ${word}`);
    return operator ? (word ?? "") : "";
  });
}

/** The variables a compose file asks the operator for with `${NAME:?...}`. */
export function requiredVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{(\w+):?\?/g)].map((m) => m[1]!))].sort();
}
