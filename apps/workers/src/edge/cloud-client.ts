import { downlinkPage, uplinkResult, type DownlinkPage, type UplinkEntry } from "@industryos/api";

export interface CloudLink {
  /** The cloud's web URL (EDGE_CLOUD_URL). */
  url: string;
  key: string;
  secret: string;
  /** Per request; a link that hangs counts as down. */
  timeoutMs?: number;
}

/** The cloud answered, but not with success: a wrong key, a refused batch. */
export class CloudRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The two edge sync operations of the cloud's REST API, called with the edge's key and secret. */
export function cloudClient(link: CloudLink) {
  const authorization = `Edge ${link.key}:${link.secret}`;
  const call = async (method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(new URL(`/api/v1${path}`, link.url), {
      method,
      headers: { authorization, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(link.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    if (!response.ok)
      throw new CloudRefusal(response.status, `${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  };
  return {
    async downlink(cursor: string | null, limit: number): Promise<DownlinkPage> {
      const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      return downlinkPage.parse(await call("GET", `/edge/downlink?${query}`));
    },
    async uplink(entries: UplinkEntry[]) {
      return uplinkResult.parse(await call("POST", "/edge/uplink", { entries }));
    },
  };
}

export type CloudClient = ReturnType<typeof cloudClient>;
