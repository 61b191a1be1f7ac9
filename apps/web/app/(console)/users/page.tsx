import type { Metadata } from "next";
import { UsersPage } from "@/client/pages/users-page.tsx";

export const metadata: Metadata = { title: "Users" };

export default function Page() {
  return <UsersPage />;
}
