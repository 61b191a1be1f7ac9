import mqtt, { type MqttClient } from "mqtt";
import { DEMO_EMAIL, type SystemClient } from "@industryos/db";
import type { Logger } from "@industryos/runtime";

interface DemoDevice {
  name: string;
  accessToken: string;
}

/** The demo tenant's devices and their access tokens, once the seed has created them. */
async function demoDevices(system: SystemClient): Promise<DemoDevice[]> {
  const admin = await system.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (!admin?.tenantId) return [];
  const devices = await system.device.findMany({
    where: { tenantId: admin.tenantId },
    include: { credentials: { where: { type: "ACCESS_TOKEN" } } },
    orderBy: { name: "asc" },
    take: 10,
  });
  return devices.flatMap((d) =>
    d.credentials[0] ? [{ name: d.name, accessToken: d.credentials[0].credentialsId }] : [],
  );
}

/** A slow daily-looking wave plus noise, so charts look like a plant rather than random dots. */
function reading(seed: number, base: number, amplitude: number, noise: number, at: number): number {
  const wave = Math.sin(at / 600_000 + seed) * amplitude;
  return Math.round((base + wave + (Math.random() - 0.5) * noise) * 100) / 100;
}

function telemetryFor(index: number, at: number) {
  return {
    temperature: reading(index, 22 + index * 3, 4, 0.6, at),
    humidity: reading(index + 1, 45, 10, 2, at),
    pressure: reading(index + 2, 1013, 6, 1, at),
    power: reading(index + 3, 3.5 + index, 1.5, 0.4, at),
    running: Math.sin(at / 900_000 + index) > -0.8,
  };
}

/**
 * A handful of demo-tenant devices publishing plausible telemetry through this tier over MQTT
 * (the same path as real devices), so a newcomer's first dashboard is alive. Waits for the
 * demo seed if it has not run yet.
 */
export function startDemoSimulator(opts: {
  system: SystemClient;
  mqttPort: number;
  intervalMs?: number;
  logger: Logger;
}) {
  const clients: MqttClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  let wake: (() => void) | null = null;
  // An interruptible pause: stop() must not wait out a retry delay.
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timers.push(setTimeout(resolve, ms));
    });

  async function start() {
    let devices: DemoDevice[] = [];
    while (!stopped && devices.length === 0) {
      devices = await demoDevices(opts.system).catch(() => []);
      if (devices.length === 0 && !stopped) await pause(5000);
    }
    if (stopped) return;
    opts.logger.info({ devices: devices.map((d) => d.name) }, "demo simulator publishing");
    devices.forEach((device, index) => {
      const client = mqtt.connect(`mqtt://127.0.0.1:${opts.mqttPort}`, {
        username: device.accessToken,
        reconnectPeriod: 5000,
      });
      clients.push(client);
      client.on("connect", () => {
        client.publish(
          "v1/devices/me/attributes",
          JSON.stringify({ model: "IOS-Sim", firmwareVersion: "1.0.0", simulated: true }),
          { qos: 1 },
        );
      });
      client.on("error", (error) => opts.logger.debug({ err: error, device: device.name }, "demo device error"));
      const interval = opts.intervalMs ?? 5000;
      timers.push(
        setInterval(
          () => {
            if (client.connected)
              client.publish("v1/devices/me/telemetry", JSON.stringify(telemetryFor(index, Date.now())), { qos: 1 });
          },
          interval + index * 250,
        ),
      );
    });
  }

  const started = start().catch((error: unknown) => opts.logger.warn({ err: error }, "demo simulator failed to start"));
  return {
    async stop() {
      stopped = true;
      timers.forEach((t) => clearTimeout(t));
      wake?.();
      await started;
      await Promise.all(clients.map((c) => c.endAsync(true)));
    },
  };
}
