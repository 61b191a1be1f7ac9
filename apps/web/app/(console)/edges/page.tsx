import type { Metadata } from "next";
import { EdgesPage } from "@/client/edges/edges-page.tsx";

export const metadata: Metadata = { title: "Edges" };

export default function Page() {
  return <EdgesPage />;
}
