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
 *
 * A device no widget names may still be what a detail state's "entity from state" widgets read:
 * then this returns those widgets' grants, and the caller must check that the device is one the
 * state can be opened for (`assertOpenableEntity`) before subscribing. Null: allowed outright.
 */
export function assertPublicAccess(principal: RealtimePrincipal, command: SubscribeCommand): AllowedSource[] | null {
  const allowed = principal.allowedSources;
  if (!allowed) return null;
  const named = allowed.filter((grant) => !("entityOf" in grant.source));
  const refused = publicAccessRefusal(named, command);
  if (!refused) return null;
  const fromState = command.entity ? allowed.filter((grant) => "entityOf" in grant.source) : [];
  if (fromState.length > 0 && !publicAccessRefusal(fromState, command))
    return fromState.filter((grant) => readMatches(grant, command));
  throw refused;
}

/** Why `grants` do not allow `command` (the error the link is told), or null when they do. */
export function publicAccessRefusal(grants: AllowedSource[], command: SubscribeCommand): RealtimeError | null {
  const sameSource = grants.filter((grant) => sourceMatches(grant, command));
  if (sameSource.length === 0) {
    if (command.entity) return hidden(`Device ${command.entity.id} was not found`);
    return hidden(command.query?.type === "devicesOfProfile" ? "Device profile was not found" : "Asset was not found");
  }
  const matching = sameSource.filter((grant) => readMatches(grant, command));
  if (matching.length === 0) {
    const what =
      command.type === "subscribeAttributes"
        ? `${command.scope} attributes`
        : command.type === "subscribeTimeseries"
          ? "history in this time window"
          : "latest values";
    return hidden(`This dashboard shows no ${what} of this source`);
  }
  const everyKey = matching.some((grant) => grant.read.type === "attributes" && grant.read.keys === undefined);
  if (everyKey) return null;
  if (!command.keys) return hidden("Name the keys: this link shows only some keys");
  const shown = new Set(matching.flatMap((grant) => ("keys" in grant.read ? (grant.read.keys ?? []) : [])));
  const notShown = command.keys.find((key) => !shown.has(key));
  if (notShown !== undefined) return hidden(`Key "${notShown}" is not shown by this dashboard`);
  return null;
}

function sourceMatches(grant: AllowedSource, command: SubscribeCommand): boolean {
  // Any one device, until the caller has checked which devices the detail state opens for.
  if ("entityOf" in grant.source) return command.entity !== undefined;
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
