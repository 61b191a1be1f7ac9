"use client";
import { QueryView, Spinner, cx } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { NotificationBell } from "../notifications/notification-bell.tsx";
import { useTRPC } from "../trpc.ts";
import { SessionContext, type SessionUser } from "./session-context.tsx";
import { VerifyEmailNotice } from "./verify-email-notice.tsx";

type Role = SessionUser["role"];

const NAV: { href: string; label: string; roles: Role[] }[] = [
  { href: "/tenants", label: "Tenants", roles: ["SYS_ADMIN"] },
  { href: "/", label: "Home", roles: ["TENANT_ADMIN"] },
  { href: "/devices", label: "Devices", roles: ["TENANT_ADMIN", "CUSTOMER_USER"] },
  { href: "/alarms", label: "Alarms", roles: ["TENANT_ADMIN", "CUSTOMER_USER"] },
  { href: "/notifications", label: "Notifications", roles: ["TENANT_ADMIN", "CUSTOMER_USER"] },
  { href: "/assets", label: "Assets", roles: ["TENANT_ADMIN", "CUSTOMER_USER"] },
  { href: "/dashboards", label: "Dashboards", roles: ["TENANT_ADMIN", "CUSTOMER_USER"] },
  { href: "/reports", label: "Reports", roles: ["TENANT_ADMIN"] },
  { href: "/device-profiles", label: "Device profiles", roles: ["TENANT_ADMIN"] },
  { href: "/ota-packages", label: "OTA packages", roles: ["TENANT_ADMIN"] },
  { href: "/ota-campaigns", label: "OTA campaigns", roles: ["TENANT_ADMIN"] },
  { href: "/asset-profiles", label: "Asset profiles", roles: ["TENANT_ADMIN"] },
  { href: "/rule-chains", label: "Rule chains", roles: ["TENANT_ADMIN"] },
  { href: "/customers", label: "Customers", roles: ["TENANT_ADMIN"] },
  { href: "/users", label: "Users", roles: ["TENANT_ADMIN"] },
  { href: "/api-keys", label: "API keys", roles: ["TENANT_ADMIN"] },
  { href: "/webhooks", label: "Webhooks", roles: ["TENANT_ADMIN"] },
  { href: "/audit-log", label: "Audit log", roles: ["TENANT_ADMIN"] },
  { href: "/settings", label: "Settings", roles: ["TENANT_ADMIN"] },
  { href: "/api-docs", label: "API reference", roles: ["TENANT_ADMIN", "CUSTOMER_USER", "SYS_ADMIN"] },
];

export function ConsoleShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const me = useQuery(trpc.auth.me.queryOptions());
  const signOut = useMutation(trpc.auth.logout.mutationOptions());
  // An expired session is not retried (providers.tsx) but signed in again, back to this page after.
  const unauthenticated = me.error?.data?.code === "UNAUTHORIZED";

  useEffect(() => {
    if (unauthenticated) router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [unauthenticated, router, pathname]);

  // The frame stands while the account is unknown (loading, failed, or being retried); what needs
  // the account (tenant, navigation by role, the user and Sign out) only shows once it is known.
  const user = unauthenticated ? undefined : me.data;
  const logout = async () => {
    await signOut.mutateAsync();
    router.replace("/login");
  };

  return (
    <SessionContext.Provider value={user ?? null}>
      <div className="flex min-h-screen">
        <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col bg-slate-900 text-slate-300">
          <div className="flex items-center justify-between py-4 pl-5 pr-3 text-lg font-bold text-white">
            <span>
              Industry<span className="text-brand-500">OS</span>
            </span>
            {/* The bell: the user's unread notifications, live; a workspace user's only (a system administrator has no inbox). */}
            {user && user.role !== "SYS_ADMIN" && <NotificationBell />}
          </div>
          {user && (
            <>
              <p className="px-5 pb-4 text-xs text-slate-400" data-testid="tenant-name">
                {user.tenantName ?? "Platform"}
              </p>
              <nav className="flex-1 space-y-0.5 px-2">
                {NAV.filter((item) => item.roles.includes(user.role)).map((item) => (
                  <Link
                    key={item.href}
                    href={item.href}
                    className={cx(
                      "block rounded-md px-3 py-2 text-sm",
                      (item.href === "/" ? pathname === "/" : pathname.startsWith(item.href))
                        ? "bg-slate-800 font-medium text-white"
                        : "hover:bg-slate-800/60 hover:text-white",
                    )}
                  >
                    {item.label}
                  </Link>
                ))}
              </nav>
              <div className="border-t border-slate-800 p-4 text-xs">
                <p className="truncate text-slate-200" title={user.email}>
                  {user.email}
                </p>
                <p className="text-slate-500">{user.role.replace("_", " ").toLowerCase()}</p>
                {!user.emailVerified && <VerifyEmailNotice />}
                <button type="button" onClick={logout} className="mt-3 text-slate-300 hover:text-white">
                  Sign out
                </button>
              </div>
            </>
          )}
        </aside>
        <main className="min-w-0 flex-1 px-8 py-8">
          {unauthenticated ? (
            <Spinner label="Your session has ended. Taking you to sign in…" />
          ) : (
            // Any other error offers Try again, shown in flight; a failed refresh keeps the page under it.
            <QueryView query={me} errorTitle="Could not load your account">
              {() => children}
            </QueryView>
          )}
        </main>
      </div>
    </SessionContext.Provider>
  );
}
