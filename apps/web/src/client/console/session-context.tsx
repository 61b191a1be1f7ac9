"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { createContext, useContext } from "react";

/** The signed-in user, as auth.me answers it. */
export type SessionUser = RouterOutputs["auth"]["me"];

export const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user; only used below the console shell, which guarantees one. */
export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useSessionUser outside the console shell");
  return user;
}
