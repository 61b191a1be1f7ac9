"use client";
import { QueryView, Spinner, cx, useModalFocus } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import { NotificationBell } from "../notifications/notification-bell.tsx";
import { useTRPC } from "../trpc.ts";
import { NAV, isCurrent } from "./console-nav.ts";
import { SessionContext } from "./session-context.tsx";
import { useNavigationDrawer } from "./use-navigation-drawer.ts";
import { VerifyEmailNotice } from "./verify-email-notice.tsx";

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
  const drawer = useNavigationDrawer();
  const panel = useRef<HTMLDivElement>(null);
  useModalFocus(drawer.open, panel, drawer.close);
  const logout = async () => {
    await signOut.mutateAsync();
    router.replace("/login");
  };

  return (
    <SessionContext.Provider value={user ?? null}>
      {/* One navigation for every width: a sidebar from `lg`, below it a top bar whose menu button opens
          the same panel as a drawer (so nothing in it exists twice). */}
      <div className="min-h-screen lg:flex">
        <aside className="sticky top-0 z-30 bg-slate-900 text-slate-300 lg:flex lg:h-screen lg:w-56 lg:shrink-0 lg:flex-col">
          <div className="flex h-14 items-center gap-2 px-3 lg:h-auto lg:justify-between lg:py-4 lg:pl-5 lg:pr-3">
            {user && (
              <button
                type="button"
                onClick={drawer.toggle}
                aria-label="Open navigation"
                aria-expanded={drawer.open}
                aria-controls="console-navigation"
                className="inline-flex size-9 items-center justify-center rounded-md hover:bg-slate-800 hover:text-white lg:hidden"
              >
                <MenuIcon />
              </button>
            )}
            <Brand className="flex-1 lg:flex-none" />
            {/* The bell: the user's unread notifications, live; a workspace user's only (a system administrator has no inbox). */}
            {user && user.role !== "SYS_ADMIN" && <NotificationBell />}
          </div>
          {user && (
            <>
              {drawer.open && (
                <div
                  className="fixed inset-0 z-40 bg-slate-900/50 lg:hidden"
                  onClick={drawer.close}
                  data-testid="navigation-backdrop"
                />
              )}
              <div
                id="console-navigation"
                ref={panel}
                role={drawer.open ? "dialog" : undefined}
                aria-modal={drawer.open || undefined}
                aria-label={drawer.open ? "Navigation" : undefined}
                tabIndex={-1}
                className={cx(
                  drawer.open
                    ? "fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-slate-900 shadow-xl outline-none"
                    : "hidden",
                  "lg:static lg:z-auto lg:flex lg:min-h-0 lg:w-auto lg:max-w-none lg:flex-1 lg:flex-col lg:overflow-y-auto lg:shadow-none",
                )}
              >
                {drawer.open && (
                  <div className="flex h-14 items-center justify-between pl-5 pr-3 lg:hidden">
                    <Brand />
                    <button
                      type="button"
                      onClick={drawer.close}
                      aria-label="Close navigation"
                      className="inline-flex size-9 items-center justify-center rounded-md hover:bg-slate-800 hover:text-white"
                    >
                      <CloseIcon />
                    </button>
                  </div>
                )}
                <p className="px-5 pb-4 text-xs text-slate-400" data-testid="tenant-name">
                  {user.tenantName ?? "Platform"}
                </p>
                <nav className="flex-1 space-y-0.5 px-2">
                  {NAV.filter((item) => item.roles.includes(user.role)).map((item) => (
                    <Link
                      key={item.href}
                      href={item.href}
                      onClick={drawer.close}
                      aria-current={isCurrent(item, pathname) ? "page" : undefined}
                      className={cx(
                        "block rounded-md px-3 py-2 text-sm",
                        isCurrent(item, pathname)
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
              </div>
            </>
          )}
        </aside>
        <main className="min-w-0 flex-1 px-4 py-5 sm:px-6 lg:px-8 lg:py-8">
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

function Brand({ className }: { className?: string }) {
  return (
    <span className={cx("text-lg font-bold text-white", className)}>
      Industry<span className="text-brand-500">OS</span>
    </span>
  );
}

function MenuIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-6" aria-hidden="true">
      <path d="M4 6h16M4 12h16M4 18h16" strokeLinecap="round" />
    </svg>
  );
}

function CloseIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-6" aria-hidden="true">
      <path d="M6 6l12 12M18 6L6 18" strokeLinecap="round" />
    </svg>
  );
}
