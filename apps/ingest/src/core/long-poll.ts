import type { DeviceDownlink } from "@industryos/device-protocol";
import type { DownlinkBus } from "./downlink-bus.ts";

/**
 * Waits for the next downlink of one kind for a device (HTTP long poll, CoAP observe without a
 * persistent session). Resolves null on timeout or when `signal` aborts.
 */
export async function nextDownlink<T extends DeviceDownlink["type"]>(
  bus: DownlinkBus,
  deviceId: string,
  type: T,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Extract<DeviceDownlink, { type: T }> | null> {
  let done: (value: Extract<DeviceDownlink, { type: T }> | null) => void = () => undefined;
  const result = new Promise<Extract<DeviceDownlink, { type: T }> | null>((resolve) => (done = resolve));
  const detach = await bus.attach(deviceId, {
    deliver: (downlink) => {
      if (downlink.type !== type) return false;
      done(downlink as Extract<DeviceDownlink, { type: T }>);
      return true;
    },
  });
  const timer = setTimeout(() => done(null), timeoutMs);
  const onAbort = () => done(null);
  signal?.addEventListener("abort", onAbort);
  try {
    return await result;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    await detach();
  }
}
