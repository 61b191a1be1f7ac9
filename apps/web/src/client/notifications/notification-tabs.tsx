"use client";
import { cx } from "@industryos/ui";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useSessionUser } from "../console/session-context.tsx";

const TABS = [
  { href: "/notifications", label: "Inbox", adminOnly: false },
  { href: "/notifications/sent", label: "Sent", adminOnly: true },
  { href: "/notifications/targets", label: "Targets", adminOnly: true },
  { href: "/notifications/templates", label: "Templates", adminOnly: true },
  { href: "/notifications/rules", label: "Rules", adminOnly: true },
  { href: "/notifications/escalations", label: "Escalations", adminOnly: true },
  { href: "/notifications/settings", label: "Settings", adminOnly: true },
];

/** The notification center's sections; customer users have the inbox only. Scrolls sideways on a phone. */
export function NotificationTabs() {
  const pathname = usePathname();
  const user = useSessionUser();
  const admin = user.role === "TENANT_ADMIN";
  const tabs = TABS.filter((t) => admin || !t.adminOnly);
  if (tabs.length < 2) return null;
  const current = (href: string) =>
    href === "/notifications" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav aria-label="Notification center" className="-mt-2 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={current(tab.href) ? "page" : undefined}
          className={cx(
            "whitespace-nowrap border-b-2 px-3 py-2 text-sm",
            current(tab.href)
              ? "border-brand-600 font-medium text-brand-700"
              : "border-transparent text-slate-600 hover:text-slate-900",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
