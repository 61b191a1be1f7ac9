import type { ReactNode } from "react";
import { ConsoleShell } from "@/client/console/console-shell.tsx";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return <ConsoleShell>{children}</ConsoleShell>;
}
