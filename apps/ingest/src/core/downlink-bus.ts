import type { Logger, RedisClient } from "@industryos/runtime";
import { CREDENTIALS_CHANGED_CHANNEL, deviceDownlinkChannel, type DeviceDownlink } from "@industryos/device-protocol";

/** Something on this node that can hand a downlink to a connected device (an MQTT connection, an HTTP long poll, a CoAP observer). */
export interface DownlinkTarget {
  /** Returns false when the target cannot take this message (e.g. not subscribed), so it stays queued. */
  deliver(downlink: DeviceDownlink): boolean;
  /** Called when the device's credentials change: the session must end. */
  revoke?(): void;
}

/**
 * Routes downlinks (shared-attribute updates, RPC) published by any process to the ingest node
 * that holds the device's connection: each node subscribes to the channels of the devices
 * connected to it, and nothing else.
 */
export class DownlinkBus {
  private readonly targets = new Map<string, Set<DownlinkTarget>>();
  /** Pending or confirmed SUBSCRIBE per device channel. */
  private readonly subscriptions = new Map<string, Promise<unknown>>();

  constructor(
    private readonly subscriber: RedisClient,
    private readonly publisher: RedisClient,
    private readonly logger: Logger,
  ) {
    subscriber.on("message", (channel: string, message: string) => this.onMessage(channel, message));
  }

  async start() {
    await this.subscriber.subscribe(CREDENTIALS_CHANGED_CHANNEL);
  }

  private onMessage(channel: string, message: string) {
    try {
      if (channel === CREDENTIALS_CHANGED_CHANNEL) {
        const { deviceId } = JSON.parse(message) as { deviceId: string };
        for (const target of this.targets.get(deviceId) ?? []) target.revoke?.();
        return;
      }
      const downlink = JSON.parse(message) as DeviceDownlink;
      for (const target of this.targets.get(downlink.deviceId) ?? []) target.deliver(downlink);
    } catch (error) {
      this.logger.warn({ err: error, channel }, "bad downlink message ignored");
    }
  }

  /** Channels waiting for the SUBSCRIBE that goes out at the end of this event-loop turn, and its confirmation. */
  private pendingChannels: string[] = [];
  private pendingSubscribe: Promise<unknown> | null = null;

  /**
   * One SUBSCRIBE for every channel asked for in the same event-loop turn: a fleet reconnecting
   * after a restart attaches thousands of devices a second, and a command each was a large part
   * of what a connection cost. A detach only follows its attach's confirmation, so an
   * UNSUBSCRIBE never overtakes the batched SUBSCRIBE.
   */
  private subscribeSoon(channel: string): Promise<unknown> {
    this.pendingChannels.push(channel);
    this.pendingSubscribe ??= new Promise((resolve) => setImmediate(resolve)).then(() => {
      const channels = this.pendingChannels;
      this.pendingChannels = [];
      this.pendingSubscribe = null;
      return this.subscriber.subscribe(...channels);
    });
    return this.pendingSubscribe;
  }

  /** Registers a target; resolves once Redis confirmed the subscription. The returned function detaches it. */
  async attach(deviceId: string, target: DownlinkTarget): Promise<() => Promise<void>> {
    let set = this.targets.get(deviceId);
    if (!set) {
      set = new Set();
      this.targets.set(deviceId, set);
      this.subscriptions.set(deviceId, this.subscribeSoon(deviceDownlinkChannel(deviceId)));
    }
    set.add(target);
    await this.subscriptions.get(deviceId);
    return async () => {
      const current = this.targets.get(deviceId);
      if (!current?.delete(target) || current.size > 0) return;
      this.targets.delete(deviceId);
      this.subscriptions.delete(deviceId);
      await this.subscriber.unsubscribe(deviceDownlinkChannel(deviceId)).catch(() => undefined);
    };
  }

  /** True when the device is held on this node and its downlink subscription is confirmed. */
  async isConnectedHere(deviceId: string): Promise<boolean> {
    const subscription = this.subscriptions.get(deviceId);
    if (!subscription || (this.targets.get(deviceId)?.size ?? 0) === 0) return false;
    await subscription;
    return true;
  }

  async publish(downlink: DeviceDownlink): Promise<number> {
    return this.publisher.publish(deviceDownlinkChannel(downlink.deviceId), JSON.stringify(downlink));
  }
}
