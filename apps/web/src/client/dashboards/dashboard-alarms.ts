"use client";
import type { AlarmsWidgetData, DashboardConfig } from "@industryos/ui/widgets";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { ACTIVE_STATUSES, ALARM_REFRESH_MS, originatorHref } from "../alarms/alarm-links.ts";
import { useTRPC } from "../trpc.ts";

/** The API answers about at most this many originators (and the widget lists this many alarms). */
const MAX_IDS = 100;
const SHOWN = 50;

/**
 * What the dashboard's alarms widgets show: the active alarms of the devices its widgets' data
 * sources cover (a device; the devices of a profile; the devices an asset relates to, and the
 * asset itself, for alarms propagated to it), or of the whole workspace when no widget has a
 * source. Polls until WebSocket alarm subscriptions exist. Ack and Clear go through tRPC.
 */
export function useDashboardAlarms(config: DashboardConfig): AlarmsWidgetData {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sources = config.widgets.flatMap((w) => ("source" in w ? [w.source] : []));
  const direct = new Set<string>();
  const profileIds = new Set<string>();
  const assets = new Map<string, string | undefined>();
  for (const s of sources) {
    if (s.type === "device" && s.deviceId) direct.add(s.deviceId);
    if (s.type === "devicesOfProfile" && s.deviceProfileId) profileIds.add(s.deviceProfileId);
    if (s.type === "devicesRelatedToAsset" && s.assetId) assets.set(`${s.assetId}|${s.relationType ?? ""}`, s.assetId);
  }
  const ofProfiles = useQueries({
    queries: [...profileIds].map((profileId) => ({
      ...trpc.devices.list.queryOptions({ page: 1, pageSize: MAX_IDS, profileId }),
      refetchInterval: 60_000,
    })),
  });
  const ofAssets = useQueries({
    queries: [...assets.keys()].map((key) => {
      const [fromId, type] = key.split("|");
      return {
        ...trpc.relations.list.queryOptions({ page: 1, pageSize: MAX_IDS, fromId: fromId!, type: type || undefined }),
        refetchInterval: 60_000,
      };
    }),
  });
  const resolving = [...ofProfiles, ...ofAssets].some((q) => q.isPending);
  const ids = new Set(direct);
  for (const q of ofProfiles) q.data?.data.forEach((d) => ids.add(d.id));
  for (const [key, assetId] of assets) {
    ids.add(assetId!);
    const i = [...assets.keys()].indexOf(key);
    ofAssets[i]?.data?.data.forEach((r) => r.to.type === "DEVICE" && ids.add(r.to.id));
  }
  const originatorId = [...ids].sort().slice(0, MAX_IDS);
  const everything = sources.length === 0;

  const alarms = useQuery({
    ...trpc.alarms.list.queryOptions({
      page: 1,
      pageSize: SHOWN,
      status: ACTIVE_STATUSES,
      originatorId: everything ? undefined : originatorId,
    }),
    enabled: !resolving && (everything || originatorId.length > 0),
    refetchInterval: ALARM_REFRESH_MS,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alarms.pathKey() });
  const ack = useMutation(trpc.alarms.ack.mutationOptions({ onSuccess: refresh }));
  const clear = useMutation(trpc.alarms.clear.mutationOptions({ onSuccess: refresh }));

  const devices = originatorId.length;
  const nothing = !everything && !resolving && devices === 0;
  return {
    alarms: nothing
      ? []
      : (alarms.data?.data ?? []).map((a) => ({
          id: a.id,
          type: a.type,
          severity: a.severity,
          status: a.status,
          acknowledged: a.acknowledged,
          originatorName: a.originatorName,
          startTs: a.startTs,
          href: `/alarms/${a.id}`,
          originatorHref: originatorHref(a),
        })),
    total: nothing ? 0 : (alarms.data?.total ?? 0),
    loading: !nothing && (resolving || alarms.isPending),
    error: alarms.error?.message ?? null,
    scope: everything
      ? "Of every device you can see (no widget on this dashboard has a data source)."
      : nothing
        ? "The widgets' data sources cover no devices yet."
        : `Of the ${devices} device${devices === 1 ? "" : "s"} and assets this dashboard shows.`,
    onAck: (id) => ack.mutateAsync({ id }),
    onClear: (id) => clear.mutateAsync({ id }),
  };
}
