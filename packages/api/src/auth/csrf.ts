const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie rides along on cross-site requests; an Origin header cannot be forged by a page.
 * So a state-changing request authenticated by cookie must come from one of our own origins.
 * Requests authenticated by an API key carry no ambient credentials and need no check.
 */
export function isCrossSiteMutation(request: Request, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get("origin");
  if (!origin) return true;
  return !allowedOrigins.includes(origin);
}

/** Our origins: the public URL and the host the request was sent to (a dev port, a proxy). */
export function allowedOriginsFor(request: Pick<Request, "headers">, publicUrl: string): string[] {
  const origins = [new URL(publicUrl).origin];
  const host = request.headers.get("host");
  if (host) origins.push(`http://${host}`, `https://${host}`);
  return origins;
}
