import type { Metadata } from "next";
import { JwtIssuersPage } from "@/client/jwt-issuers/jwt-issuers-page.tsx";

export const metadata: Metadata = { title: "JWT issuers" };

export default function Page() {
  return <JwtIssuersPage />;
}
