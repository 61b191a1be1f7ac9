import { RealtimeError, type EntityQuery, type SubscribeCommand, type TimeWindow } from "../protocol/index.ts";
import type { AllowedSource, RealtimePrincipal } from "./authenticator.ts";

/**
 * Most points a public link's chart subscription may fetch: the console's charts ask for at most
 * 1,000 (raw points, or aggregation buckets over the window), so a link never reads more detail
 * than its dashboard draws.
 */
export const PUBLIC_MAX_POINTS = 1000;

const hidden = (message: string) => new RealtimeError("NOT_FOUND", message);

/**
 * A public dashboard link may subscribe only to what one of its widgets reads: the same data
 * source, the same kind of data (latest values, a chart's history, one attribute scope), keys
 * the widgets show, and, for history, a window inside the dashboard's. Anything else does not
 * exist for it (NOT_FOUND). Principals without `allowedSources` are not limited here.
 */
export function assertPublicAccess(principal: RealtimePrincipal, command: SubscribeCommand): void {
  const allowed = principal.allowedSources;
  if (!allowed) return;
  const sameSource = allowed.filter((grant) => sourceMatches(grant, command));
  if (sameSource.length === 0) {
    if (command.entity) throw hidden(`Device ${command.entity.id} was not found`);
    throw hidden(command.query?.type === "devicesOfProfile" ? "Device profile was not found" : "Asset was not found");
  }
  const grants = sameSource.filter((grant) => readMatches(grant, command));
  if (grants.length === 0) {
    const what =
      command.type === "subscribeAttributes"
        ? `${command.scope} attributes`
        : command.type === "subscribeTimeseries"
          ? "history in this time window"
          : "latest values";
    throw hidden(`This dashboard shows no ${what} of this source`);
  }
  const everyKey = grants.some((grant) => grant.read.type === "attributes" && grant.read.keys === undefined);
  if (everyKey) return;
  if (!command.keys) throw hidden("Name the keys: this link shows only some keys");
  const shown = new Set(grants.flatMap((grant) => ("keys" in grant.read ? (grant.read.keys ?? []) : [])));
  const notShown = command.keys.find((key) => !shown.has(key));
  if (notShown !== undefined) throw hidden(`Key "${notShown}" is not shown by this dashboard`);
}

function sourceMatches(grant: AllowedSource, command: SubscribeCommand): boolean {
  if ("entity" in grant.source) return command.entity?.id === grant.source.entity.id;
  const query = command.query;
  return query !== undefined && sameQuery(grant.source.query, query);
}

function sameQuery(a: EntityQuery, b: EntityQuery): boolean {
  if (a.type === "devicesOfProfile") return b.type === "devicesOfProfile" && a.deviceProfileId === b.deviceProfileId;
  return (
    b.type === "devicesRelatedToAsset" &&
    a.assetId === b.assetId &&
    (a.relationType || undefined) === (b.relationType || undefined)
  );
}

function readMatches(grant: AllowedSource, command: SubscribeCommand): boolean {
  const read = grant.read;
  switch (command.type) {
    case "subscribeLatest":
      return read.type === "latest";
    case "subscribeAttributes":
      return read.type === "attributes" && read.scope === command.scope;
    case "subscribeTimeseries": {
      if (read.type !== "timeseries" || !windowInside(command.window, read.window)) return false;
      if (command.agg === "NONE") return command.limit <= PUBLIC_MAX_POINTS;
      return Math.ceil(windowLength(command.window) / command.intervalMs!) <= PUBLIC_MAX_POINTS;
    }
  }
}

/** A rolling window no longer than the dashboard's, or a fixed range inside the dashboard's fixed range. */
function windowInside(asked: TimeWindow, shown: TimeWindow): boolean {
  if ("lastMs" in shown) return "lastMs" in asked && asked.lastMs <= shown.lastMs;
  return "from" in asked && asked.from >= shown.from && asked.to <= shown.to;
}

function windowLength(window: TimeWindow): number {
  return "lastMs" in window ? window.lastMs : window.to - window.from;
}
