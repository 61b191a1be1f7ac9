import type { SessionUser } from "./session-context.tsx";

type Role = SessionUser["role"];

export interface NavItem {
  href: string;
  label: string;
  roles: Role[];
}

/** The console's pages in the navigation, each for the roles that may open it. */
export const NAV: NavItem[] = [
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
  { href: "/device-filters", label: "Device filters", roles: ["TENANT_ADMIN"] },
  { href: "/asset-profiles", label: "Asset profiles", roles: ["TENANT_ADMIN"] },
  { href: "/rule-chains", label: "Rule chains", roles: ["TENANT_ADMIN"] },
  { href: "/edges", label: "Edges", roles: ["TENANT_ADMIN"] },
  { href: "/customers", label: "Customers", roles: ["TENANT_ADMIN"] },
  { href: "/users", label: "Users", roles: ["TENANT_ADMIN"] },
  { href: "/api-keys", label: "API keys", roles: ["TENANT_ADMIN"] },
  { href: "/webhooks", label: "Webhooks", roles: ["TENANT_ADMIN"] },
  { href: "/audit-log", label: "Audit log", roles: ["TENANT_ADMIN"] },
  { href: "/settings", label: "Settings", roles: ["TENANT_ADMIN"] },
  { href: "/api-docs", label: "API reference", roles: ["TENANT_ADMIN", "CUSTOMER_USER", "SYS_ADMIN"] },
];

/** Whether the item is the page shown (or one under it): Home only for "/" itself. */
export function isCurrent(item: NavItem, pathname: string): boolean {
  return item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
}
