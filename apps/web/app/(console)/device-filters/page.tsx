import type { Metadata } from "next";
import { DeviceFiltersPage } from "@/client/device-filters/device-filters-page.tsx";

export const metadata: Metadata = { title: "Device filters" };

export default function Page() {
  return <DeviceFiltersPage />;
}
