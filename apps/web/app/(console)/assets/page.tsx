import type { Metadata } from "next";
import { Suspense } from "react";
import { AssetsPage } from "@/client/pages/assets-page.tsx";

export const metadata: Metadata = { title: "Assets" };

// The page reads its profile filter from the address (useSearchParams): Next wants a Suspense boundary around it.
export default function Page() {
  return (
    <Suspense>
      <AssetsPage />
    </Suspense>
  );
}
