import { alarmsChannel } from "@industryos/device-protocol";
import type { Logger, RedisClient } from "@industryos/runtime";
import type { AlarmChannelMessage } from "@industryos/device-protocol/alarm-view";
import type { AlarmInfo } from "../protocol/index.ts";
import { ChannelListeners, type ChannelListener } from "./channel-listeners.ts";

export type { AlarmChannelMessage };

export type AlarmListener = ChannelListener<AlarmChannelMessage>;

/** Reads one channel message; null for anything malformed (never trusted further than its shape). */
export function decodeAlarmMessage(text: string): AlarmChannelMessage | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const m = raw as Partial<AlarmChannelMessage>;
  const alarm = m.alarm as Partial<AlarmInfo> | undefined;
  if (typeof m.change !== "string" || typeof alarm !== "object" || alarm === null) return null;
  if (typeof alarm.id !== "string" || typeof alarm.originatorId !== "string") return null;
  return {
    change: m.change,
    alarm: alarm as AlarmInfo,
    propagatedTo: Array.isArray(m.propagatedTo) ? m.propagatedTo.filter((id) => typeof id === "string") : [],
    ...(m.comment ? { comment: m.comment } : {}),
  };
}

/**
 * A tenant's alarm channel on the node's Redis subscriber connection, subscribed while at least
 * one local alarm subscription of that tenant listens.
 */
export class AlarmBus {
  private readonly channels: ChannelListeners<AlarmChannelMessage>;

  constructor(subscriber: RedisClient, logger?: Logger) {
    this.channels = new ChannelListeners(subscriber, { decode: decodeAlarmMessage, kind: "alarm", logger });
  }

  /** Listens to the tenant's alarm changes; resolves once Redis confirmed the SUBSCRIBE. */
  listen(tenantId: string, listener: AlarmListener): Promise<() => void> {
    return this.channels.listen(alarmsChannel(tenantId), listener);
  }

  get channelCount(): number {
    return this.channels.channelCount;
  }
}
