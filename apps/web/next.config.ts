import type { NextConfig } from "next";

const config: NextConfig = {
  // Internal packages ship TypeScript source; Next compiles them with the app.
  // @industryos/db only for "@industryos/db/telemetry/contract", which the WebSocket protocol imports.
  transpilePackages: ["@industryos/ui", "@industryos/realtime", "@industryos/dashboard-schema", "@industryos/db"],
  reactStrictMode: true,
  // Dev mode (tests, local use) is reached at 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  poweredByHeader: false,
  // The dev-mode badge sits over the sidebar's sign-out button.
  devIndicators: false,
  // Tests and `npm start` run several servers from one checkout: keep their build output apart.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `npm start` builds the console on its first start: type checking is `npm run typecheck`'s job
  // (about 25 s of a build on two cores, and a type error in a test file must not stop a start).
  typescript: { ignoreBuildErrors: true },
  // The console must not be framed by other sites (clickjacking); public dashboards may be embedded.
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "same-origin" },
    ];
    return [
      {
        source: "/((?!public/).*)",
        headers: [
          ...common,
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
        ],
      },
      { source: "/public/:path*", headers: common },
    ];
  },
};

export default config;
