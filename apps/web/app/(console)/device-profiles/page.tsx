import type { Metadata } from "next";
import { DeviceProfilesPage } from "../../../src/client/pages/device-profiles-page.tsx";

export const metadata: Metadata = { title: "Device profiles" };

export default function Page() {
  return <DeviceProfilesPage />;
}
