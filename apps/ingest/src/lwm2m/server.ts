import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { hostname } from "node:os";
import type { AddressInfo } from "node:net";
import { Agent, createServer, type IncomingMessage, type OutgoingMessage } from "coap";
import type { Logger, RedisClient } from "@industryos/runtime";
import { deviceAuthFailuresKey, type Lwm2mOperationRequest, type Lwm2mRegistration } from "@industryos/device-bus";
import type { DeviceService } from "../core/device-service.ts";
import type { FirmwareService } from "../core/firmware-service.ts";
import { runClientOperation } from "./client-operations.ts";
import type { ResourceValue } from "./content-formats.ts";
import type { Lwm2mDirectory } from "./directory.ts";
import { FIRMWARE_LINK_PATH, FirmwareLinks } from "./firmware-links.ts";
import { FirmwareUpdates } from "./firmware-update.ts";
import { OperationChannel } from "./operation-channel.ts";
import { ProfileActions } from "./profile-actions.ts";
import { objectLinks, registerParams, RegistrationRefused, updateParams } from "./registration-interface.ts";
import { RegistrationRegistry, type ActiveRegistration } from "./registry.ts";
import { TenantModels } from "./tenant-models.ts";

export interface Lwm2mServerDeps {
  directory: Lwm2mDirectory;
  service: DeviceService;
  redis: RedisClient;
  port: number;
  host: string;
  logger: Logger;
  /**
   * Registrations naming unknown endpoints per source address per minute before that address is
   * refused outright (4.29), counted with the other transports' failed logins (INGEST_AUTH_FAILURES_PER_MINUTE).
   */
  failuresPerMinute: number;
  /** How long a request to a client may take before it is answered TIMEOUT (default 10 s). */
  requestTimeoutMs?: number;
  /** OTA packages: with it, devices with object 5 get their assigned firmware through it (firmware-update.ts). */
  firmware?: FirmwareService;
  /** The host clients reach this server at, for Package URIs (LWM2M_PUBLIC_HOST); default `host` unless a wildcard. */
  publicHost?: string;
}

/** The host in Package URIs: the configured one, else the listening address, else (a wildcard) this machine's name. */
function publicHostOf(deps: Lwm2mServerDeps): string {
  const host = deps.publicHost ?? (deps.host === "0.0.0.0" || deps.host === "::" ? hostname() : deps.host);
  return host.includes(":") ? `[${host}]` : host;
}

export interface RunningLwm2mServer {
  port: number;
  registrations: RegistrationRegistry;
  close(): Promise<void>;
}

function reply(res: OutgoingMessage, code: string, message?: string) {
  res.code = code;
  if (message === undefined) return res.end();
  res.setOption("Content-Format", "text/plain");
  res.end(message);
}

/**
 * The LwM2M server (OMA LwM2M 1.1 over CoAP/UDP, NO_SEC): the registration interface under `/rd`
 * on a socket of its own, and the device management requests this server sends to registered
 * clients from that same socket, which is where clients expect them from.
 */
export async function startLwm2mServer(deps: Lwm2mServerDeps): Promise<RunningLwm2mServer> {
  const { directory, service, logger } = deps;
  const activity = service.deps.activity;
  const socket: Socket = createSocket({ type: deps.host.includes(":") ? "udp6" : "udp4" });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(deps.port, deps.host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  socket.on("error", (error) => logger.warn({ err: error }, "LwM2M socket error"));
  const agent = new Agent({ socket });
  const profiles = new ProfileActions(service, logger);
  const tenantModels = new TenantModels(directory, logger);
  const links = new FirmwareLinks(deps.redis, `coap://${publicHostOf(deps)}:${(socket.address() as AddressInfo).port}`);
  const firmwareUpdates = deps.firmware
    ? new FirmwareUpdates({ firmware: deps.firmware, links, directory, service, logger })
    : null;
  const registrations = new RegistrationRegistry(deps.redis, (active) => {
    logger.info({ endpoint: active.registration.endpoint }, "LwM2M registration expired");
    void end(active);
  });
  const operations = new OperationChannel(deps.redis, logger, (deviceId, request) => {
    const active = registrations.ofDevice(deviceId);
    if (!active) return Promise.resolve({ ok: false as const, code: "4.04", message: "The device is not registered" });
    return runClientOperation(contextOf(active), request);
  });
  await operations.start();

  const timeoutMs = deps.requestTimeoutMs ?? 10_000;
  const contextOf = (active: ActiveRegistration) => ({
    agent,
    client: active.registration,
    observations: active.observations,
    models: active.models,
    onNotification: notifiedOf(active),
  });
  const notifiedOf = (active: ActiveRegistration) => {
    const store = profiles.notified(active);
    return (values: ResourceValue[]) => {
      firmwareUpdates?.onValues(active, values);
      store(values);
    };
  };
  const runOn =
    (active: ActiveRegistration) =>
    (request: Omit<Lwm2mOperationRequest, "id" | "timeoutMs"> & { timeoutMs?: number }) =>
      runClientOperation(contextOf(active), { timeoutMs, ...request });

  async function end(active: ActiveRegistration, disconnected = true) {
    await registrations.remove(active);
    await active.detach?.();
    if (registrations.ofDevice(active.session.deviceId)) return;
    await operations.unwatch(active.session.deviceId);
    if (disconnected) activity.disconnected(active.session.tenantId, active.session.deviceId);
  }

  async function register(req: IncomingMessage, res: OutgoingMessage) {
    const params = registerParams(new URL(req.url, "coap://lwm2m.local").searchParams);
    // Parsed before anything else so a malformed registration is refused as such (names come later).
    objectLinks(req);
    // With NO_SEC the endpoint name is all a client shows: guessing names is limited like guessing tokens.
    const failures = deviceAuthFailuresKey(req.rsinfo.address);
    if (Number(await deps.redis.get(failures)) >= deps.failuresPerMinute)
      throw new RegistrationRefused("4.29", "too many unknown endpoints from this address; try again in a minute");
    const session = await directory.findEndpoint(params.endpoint);
    if (!session) {
      await deps.redis.multi().incr(failures).expire(failures, 60, "NX").exec();
      logger.info(
        { endpoint: params.endpoint, address: req.rsinfo.address },
        "LwM2M registration of an unknown endpoint",
      );
      throw new RegistrationRefused("4.03", "unknown endpoint");
    }
    const previous = registrations.ofDevice(session.deviceId);
    if (previous) await end(previous, false);
    const models = await tenantModels.of(session);
    const now = new Date().toISOString();
    const registration: Lwm2mRegistration = {
      tenantId: session.tenantId,
      deviceId: session.deviceId,
      registrationId: randomBytes(8).toString("hex"),
      ...params,
      objects: objectLinks(req, models),
      registeredAt: now,
      lastUpdateAt: now,
      address: req.rsinfo.address,
      port: req.rsinfo.port,
    };
    const active: ActiveRegistration = {
      registration,
      session,
      profile: await profiles.configOf(directory, session),
      models,
      observations: new Map(),
    };
    await registrations.keep(active);
    await operations.watch(session.deviceId);
    // Changed credentials end the registration, as they close an MQTT connection.
    active.detach = await service.deps.bus.attach(session.deviceId, {
      deliver: (downlink) => firmwareUpdates?.onDownlink(active, downlink, runOn(active)) ?? false,
      revoke: () => void end(active),
    });
    activity.connected(session.tenantId, session.deviceId);
    logger.info({ endpoint: params.endpoint, deviceId: session.deviceId }, "LwM2M client registered");
    res.setOption("Location-Path", [Buffer.from("rd"), Buffer.from(registration.registrationId)]);
    reply(res, "2.01");
    // After the answer: the client treats requests before it as coming from a server it does not know yet.
    setImmediate(() => {
      profiles
        .onRegistered(active, runOn(active))
        .then(() => firmwareUpdates?.start(active, runOn(active)))
        .catch((error: unknown) =>
          logger.warn({ err: error, endpoint: params.endpoint }, "LwM2M registration follow-up failed"),
        );
    });
  }

  async function update(active: ActiveRegistration, req: IncomingMessage, res: OutgoingMessage) {
    const changes = updateParams(new URL(req.url, "coap://lwm2m.local").searchParams);
    const objects = req.payload.length > 0 ? objectLinks(req, active.models) : active.registration.objects;
    active.registration = {
      ...active.registration,
      ...changes,
      objects,
      lastUpdateAt: new Date().toISOString(),
      address: req.rsinfo.address,
      port: req.rsinfo.port,
    };
    await registrations.keep(active);
    activity.activity(active.session.tenantId, active.session.deviceId);
    reply(res, "2.04");
  }

  /**
   * A Package URI's download: the whole package, which the library sends block-wise (Block2) past
   * one block, later blocks from its own cache. The target is looked up afresh (once per download).
   */
  async function sendPackage(token: string, res: OutgoingMessage) {
    const link = await links.resolve(token);
    const target =
      link && deps.firmware ? await deps.firmware.target(link.session, "FIRMWARE", true).catch(() => null) : null;
    // A reassignment since the URI was issued makes it void: a device never installs a package it is no longer given.
    if (!link || !target || target.packageId !== link.packageId) return reply(res, "4.04", "no such package");
    res.code = "2.05";
    res.setOption("Content-Format", "application/octet-stream");
    res.end(await deps.firmware!.bytes(target, 0, 0));
  }

  async function handle(req: IncomingMessage, res: OutgoingMessage) {
    const { pathname } = new URL(req.url, "coap://lwm2m.local");
    if (pathname === "/rd" && req.method === "POST") return register(req, res);
    const download = req.method === "GET" ? FIRMWARE_LINK_PATH.exec(pathname) : null;
    if (download) return sendPackage(download[1]!, res);
    const match = /^\/rd\/([0-9a-f]{16})$/.exec(pathname);
    if (!match) return reply(res, "4.04", "no such resource");
    const active = registrations.get(match[1]!);
    // An unknown registration (expired, or held before a restart) makes the client register again.
    if (!active) return reply(res, "4.04", "no such registration");
    if (req.method === "POST") return update(active, req, res);
    if (req.method === "DELETE") {
      await end(active);
      logger.info({ endpoint: active.registration.endpoint }, "LwM2M client deregistered");
      return reply(res, "2.02");
    }
    reply(res, "4.05", `${req.method} is not allowed on a registration`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof RegistrationRefused) return reply(res, error.code, error.message);
      logger.error({ err: error }, "LwM2M request failed");
      reply(res, "5.00");
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, () => resolve()));

  return {
    port: (socket.address() as AddressInfo).port,
    registrations,
    async close() {
      await Promise.all(registrations.all().map((active) => end(active)));
      await operations.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
