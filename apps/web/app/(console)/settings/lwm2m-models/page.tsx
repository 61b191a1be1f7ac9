import type { Metadata } from "next";
import { Lwm2mModelsPage } from "@/client/lwm2m-models/lwm2m-models-page.tsx";

export const metadata: Metadata = { title: "LwM2M object models" };

export default function Page() {
  return <Lwm2mModelsPage />;
}
