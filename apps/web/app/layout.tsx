import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/client/providers.tsx";
// Grid and resize-handle styles of the dashboard builder (react-grid-layout includes react-resizable's).
import "react-grid-layout/css/styles.css";
// Pane and control positioning of the map widget's Leaflet maps.
import "leaflet/dist/leaflet.css";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "IndustryOS", template: "%s · IndustryOS" },
  description: "Connect, monitor and control industrial devices.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can put the request's CSP nonce on its scripts (proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
