"use client";
import { createContext, useContext } from "react";

export interface SessionUser {
  id: string;
  email: string;
  role: "SYS_ADMIN" | "TENANT_ADMIN" | "CUSTOMER_USER";
  tenantId: string | null;
  tenantName: string | null;
  customerId: string | null;
  emailVerified: boolean;
}

export const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user; only used below the console shell, which guarantees one. */
export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useSessionUser outside the console shell");
  return user;
}
