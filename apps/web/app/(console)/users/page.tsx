import type { Metadata } from "next";
import { UsersPage } from "../../../src/client/pages/users-page.tsx";

export const metadata: Metadata = { title: "Users" };

export default function Page() {
  return <UsersPage />;
}
