import { alarmsChannel } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import type { Redis } from "ioredis";
import type { AlarmChannelMessage } from "@industryos/device-protocol/alarm-view";
import type { AlarmInfo } from "../protocol/index.ts";

export type { AlarmChannelMessage };

export type AlarmListener = (message: AlarmChannelMessage) => void;

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
 * one local alarm subscription of that tenant listens (reference counted), as LiveBus does for
 * devices.
 */
export class AlarmBus {
  private readonly channels = new Map<string, { listeners: Set<AlarmListener>; ready: Promise<unknown> }>();

  constructor(
    private readonly subscriber: Redis,
    private readonly logger?: Logger,
  ) {
    subscriber.on("message", (channel: string, message: string) => this.dispatch(channel, message));
  }

  /** Listens to the tenant's alarm changes; resolves once Redis confirmed the SUBSCRIBE. */
  async listen(tenantId: string, listener: AlarmListener): Promise<() => void> {
    const name = alarmsChannel(tenantId);
    let channel = this.channels.get(name);
    if (!channel) {
      const ready = this.subscriber.subscribe(name);
      channel = { listeners: new Set(), ready };
      this.channels.set(name, channel);
      ready.catch((error: unknown) =>
        this.logger?.warn({ err: error, channel: name }, "alarm channel subscribe failed"),
      );
    }
    channel.listeners.add(listener);
    const current = channel;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      current.listeners.delete(listener);
      if (current.listeners.size === 0 && this.channels.get(name) === current) {
        this.channels.delete(name);
        this.subscriber.unsubscribe(name).catch(() => {});
      }
    };
    try {
      await current.ready;
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }

  get channelCount(): number {
    return this.channels.size;
  }

  private dispatch(name: string, text: string): void {
    const channel = this.channels.get(name);
    if (!channel || channel.listeners.size === 0) return;
    const message = decodeAlarmMessage(text);
    if (!message) return;
    for (const listener of channel.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger?.error({ err: error, channel: name }, "alarm listener failed");
      }
    }
  }
}
