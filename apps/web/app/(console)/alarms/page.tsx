import type { Metadata } from "next";
import { Suspense } from "react";
import { AlarmsPage } from "@/client/alarms/alarms-page.tsx";

export const metadata: Metadata = { title: "Alarms" };

export default function Page() {
  return (
    <Suspense>
      <AlarmsPage />
    </Suspense>
  );
}
