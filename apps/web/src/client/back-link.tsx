"use client";
import Link from "next/link";
import type { ReactNode } from "react";

/** Under a record's title: the way back to its list ("← All reports"). */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="text-brand-700 hover:underline">
      ← {children}
    </Link>
  );
}
