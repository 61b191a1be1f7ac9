import type { Metadata } from "next";
import { HomePage } from "@/client/home/home-page.tsx";

export const metadata: Metadata = { title: "Home" };

export default function Page() {
  return <HomePage />;
}
