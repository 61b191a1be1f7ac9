import type { Metadata } from "next";
import "@xyflow/react/dist/style.css";
import { RuleChainEditorPage } from "@/client/rule-chains/rule-chain-editor.tsx";

export const metadata: Metadata = { title: "Rule chain" };

export default function Page() {
  return <RuleChainEditorPage />;
}
