import { NextResponse, type NextRequest } from "next/server";

/**
 * The console's Content-Security-Policy and Permissions-Policy, on every page Next renders.
 * A fresh nonce per request: Next reads it from the request's CSP header and puts it on its own
 * scripts (the root layout renders dynamically so it can). Scripts are the nonce's and what they
 * load ('strict-dynamic'); everything else comes from this origin. Style attributes stay allowed
 * (style-src-attr 'unsafe-inline'): React `style` props, recharts and react-grid-layout position
 * with them, and CSS in an attribute cannot run code; <style> elements still need the nonce.
 * Images may come from any https origin: a map widget's tile server is the tenant's setting (an image
 * cannot run code). Public dashboards may be embedded elsewhere, so only they leave out frame-ancestors.
 */
function contentSecurityPolicy(nonce: string, options: { dev: boolean; embeddable: boolean }) {
  return [
    "default-src 'self'",
    // React's development build evaluates strings (stack reconstruction); production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    ...(options.embeddable ? [] : ["frame-ancestors 'none'"]),
  ].join("; ");
}

/** Features the console never uses are off for it and anything it embeds; the clipboard is for copying tokens. */
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "clipboard-read=(self)",
  "clipboard-write=(self)",
  "fullscreen=(self)",
].join(", ");

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV !== "production",
    embeddable: request.nextUrl.pathname.startsWith("/public/"),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  response.headers.set("permissions-policy", PERMISSIONS_POLICY);
  return response;
}

export const config = {
  // Pages only: the API is answered before Next, and static files carry no script.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|healthz|icon\\.svg|favicon\\.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
