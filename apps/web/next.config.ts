import type { NextConfig } from "next";

const config: NextConfig = {
  // Internal packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: ["@industryos/ui"],
  reactStrictMode: true,
  // Dev mode (tests, local use) is reached at 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  poweredByHeader: false,
  // The dev-mode badge sits over the sidebar's sign-out button.
  devIndicators: false,
  // Tests and `npm start` run several servers from one checkout: keep their build output apart.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default config;
