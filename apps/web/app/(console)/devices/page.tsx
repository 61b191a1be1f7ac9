import type { Metadata } from "next";
import { DevicesPage } from "../../../src/client/devices/devices-page.tsx";

export const metadata: Metadata = { title: "Devices" };

export default function Page() {
  return <DevicesPage />;
}
