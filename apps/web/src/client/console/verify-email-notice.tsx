"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";

/** Reminds an unverified user and lets them ask for a new link. */
export function VerifyEmailNotice() {
  const [state, setState] = useState<"idle" | "sending" | "sent" | string>("idle");
  const trpc = useTRPC();
  const resendVerification = useMutation(trpc.auth.resendVerification.mutationOptions());
  const resend = async () => {
    setState("sending");
    try {
      await resendVerification.mutateAsync();
      setState("sent");
    } catch (e) {
      setState((e as Error).message);
    }
  };
  return (
    <div className="mt-1 text-amber-400">
      Email not verified yet.{" "}
      {state === "sent" ? (
        <span className="text-slate-300">Link sent — check your inbox.</span>
      ) : state === "idle" || state === "sending" ? (
        <button
          type="button"
          onClick={resend}
          disabled={state === "sending"}
          className="underline hover:text-amber-300"
        >
          Send the link again
        </button>
      ) : (
        <span className="text-red-300">{state}</span>
      )}
    </div>
  );
}
