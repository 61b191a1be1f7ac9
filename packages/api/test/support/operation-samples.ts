/**
 * Values for path parameters other than `{id}`, valid for the records the cross-tenant suite
 * creates. An operation whose path names a parameter missing here has no cross-tenant case, and
 * the registry test fails.
 */
export const SAMPLE_PATH_PARAMS: Record<string, string> = { scope: "SHARED" };
