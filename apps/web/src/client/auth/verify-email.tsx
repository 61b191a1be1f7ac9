"use client";
import { Spinner } from "@industryos/ui";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../trpc.ts";

export function VerifyEmail() {
  const token = useSearchParams().get("token") ?? "";
  const [state, setState] = useState<"working" | "done" | string>("working");
  const trpc = useTRPC();
  const { mutateAsync: verify } = useMutation(trpc.auth.verifyEmail.mutationOptions());

  useEffect(() => {
    verify({ body: { token } }).then(
      () => setState("done"),
      (e: Error) => setState(e.message),
    );
  }, [token, verify]);

  if (state === "working") return <Spinner label="Verifying your email…" />;
  return (
    <div className="space-y-3 text-sm">
      <h1 className="text-lg font-semibold">{state === "done" ? "Email verified" : "This link did not work"}</h1>
      <p className="text-slate-600">{state === "done" ? "Thanks — your address is confirmed." : state}</p>
      <Link href="/devices" className="text-brand-600 hover:underline">
        Go to the console
      </Link>
    </div>
  );
}
