import type { DashboardConfig } from "../../widgets/widget-config.ts";
import type { EntityOptions } from "../../widgets/settings-form.tsx";

/** A dashboard as the REST API returns it. */
export interface DashboardRecord {
  id: string;
  title: string;
  updatedAt: string;
  configuration: DashboardConfig;
  customerIds?: string[];
  publicId?: string | null;
}

export class DashboardsApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Same-origin REST calls with the session cookie; errors carry the API's message. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const message =
      (data as { error?: { message?: string } } | undefined)?.error?.message ?? `Request failed (${response.status})`;
    throw new DashboardsApiError(message, response.status);
  }
  return data as T;
}

type Page<T> = { data: T[]; total: number };

/** The dashboard routes of /api/v1 (see packages/api/src/rest/routes/dashboards.ts). */
export const dashboardsApi = {
  list: () =>
    call<Page<{ id: string; title: string; updatedAt: string; publicId?: string | null }>>(
      "GET",
      "/dashboards?pageSize=100",
    ),
  get: (id: string) => call<DashboardRecord>("GET", `/dashboards/${id}`),
  create: (title: string) => call<DashboardRecord>("POST", "/dashboards", { title }),
  rename: (id: string, title: string) => call<DashboardRecord>("PATCH", `/dashboards/${id}`, { title }),
  save: (id: string, configuration: DashboardConfig) =>
    call<DashboardRecord>("PATCH", `/dashboards/${id}`, { configuration }),
  remove: (id: string) => call<void>("DELETE", `/dashboards/${id}`),
  duplicate: (id: string) => call<DashboardRecord>("POST", `/dashboards/${id}/duplicate`),
  export: (id: string) => call<{ title: string; configuration: DashboardConfig }>("GET", `/dashboards/${id}/export`),
  import: (json: unknown) => call<DashboardRecord>("POST", "/dashboards/import", json),
  setPublic: (id: string, enabled: boolean) =>
    call<{ publicId: string | null }>("PUT", `/dashboards/${id}/public`, { enabled }),
  assignCustomers: (id: string, customerIds: string[]) =>
    call<DashboardRecord>("PUT", `/dashboards/${id}/customers`, { customerIds }),
  getPublic: (publicId: string) =>
    call<{ id: string; title: string; configuration: DashboardConfig }>(
      "GET",
      `/public/dashboards/${encodeURIComponent(publicId)}`,
    ),
  customers: () => call<Page<{ id: string; title: string }>>("GET", "/customers?pageSize=100"),
  rpc: (deviceId: string, method: string, params: unknown) =>
    call<unknown>("POST", `/devices/${deviceId}/rpc`, { method, params, timeoutMs: 10_000 }),

  /** Devices, profiles and assets for the widget settings form (first 100 of each). */
  async entityOptions(): Promise<EntityOptions> {
    const names = (rows: Array<{ id: string; name?: string; title?: string }>) =>
      rows.map((r) => ({ id: r.id, name: r.name ?? r.title ?? r.id }));
    const [devices, deviceProfiles, assets] = await Promise.all([
      call<Page<{ id: string; name: string }>>("GET", "/devices?pageSize=100").catch(() => ({ data: [], total: 0 })),
      call<Page<{ id: string; name: string }>>("GET", "/device-profiles?pageSize=100").catch(() => ({
        data: [],
        total: 0,
      })),
      call<Page<{ id: string; name: string }>>("GET", "/assets?pageSize=100").catch(() => ({ data: [], total: 0 })),
    ]);
    return { devices: names(devices.data), deviceProfiles: names(deviceProfiles.data), assets: names(assets.data) };
  },
};

/** `ws(s)://<this host>/api/ws`. */
export function liveUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/ws`;
}
