import type { Metadata } from "next";
import { RuleChainsPage } from "@/client/rule-chains/rule-chains-page.tsx";

export const metadata: Metadata = { title: "Rule chains" };

export default function Page() {
  return <RuleChainsPage />;
}
