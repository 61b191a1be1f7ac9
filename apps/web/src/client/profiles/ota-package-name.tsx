"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";

/** An assigned OTA package as its title and version, linking to the packages list; "None" when unassigned. */
export function OtaPackageName({ id }: { id: string | null }) {
  const trpc = useTRPC();
  const otaPackage = useQuery({ ...trpc.otaPackages.get.queryOptions({ id: id ?? "" }), enabled: id !== null });
  if (!id) return <span className="text-slate-500">None</span>;
  return (
    <Link href="/ota-packages" className="font-medium text-brand-700 hover:underline">
      {otaPackage.data ? `${otaPackage.data.title} ${otaPackage.data.version}` : `${id.slice(0, 8)}…`}
    </Link>
  );
}
