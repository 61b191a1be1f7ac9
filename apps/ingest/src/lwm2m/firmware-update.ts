import type { Lwm2mOperationRequest, Lwm2mOperationResult } from "@industryos/device-bus";
import type { DeviceDownlink } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import type { DeviceService } from "../core/device-service.ts";
import type { FirmwareService, FirmwareTarget } from "../core/firmware-service.ts";
import type { ResourceValue } from "./content-formats.ts";
import type { Lwm2mDirectory } from "./directory.ts";
import type { FirmwareLinks } from "./firmware-links.ts";
import type { ActiveRegistration } from "./registry.ts";

type Run = (
  operation: Omit<Lwm2mOperationRequest, "id" | "timeoutMs"> & { timeoutMs?: number },
) => Promise<Lwm2mOperationResult>;

/** Object 5's State (/5/0/3), LwM2M 1.1 TS Core Appendix E.6. */
const STATE = { IDLE: 0, DOWNLOADING: 1, DOWNLOADED: 2, UPDATING: 3 } as const;

/** Object 5's Update Result (/5/0/5): 1 is success, 2 and up say why it failed. */
const FAILURES: Record<number, string> = {
  2: "not enough flash memory for the new firmware package",
  3: "out of RAM during the download",
  4: "connection lost during the download",
  5: "integrity check failure for the new package",
  6: "unsupported package type",
  7: "invalid URI",
  8: "firmware update failed",
  9: "unsupported protocol",
};

const OBSERVED = ["/5/0/3", "/5/0/5"];

/** Firmware Update Delivery Method (/5/0/9): 0 pull only, 1 push only, 2 both. */
const PUSH_ONLY = 1;

/** A push is one Write of the whole package, block by block: bytes per second a slow link still manages. */
const PUSH_BYTES_PER_SECOND = 2_000;

interface Update {
  target: FirmwareTarget;
  run: Run;
  /** Values count once the Package URI is on its way: an Update Result left from an earlier update does not. */
  accepting: boolean;
  executed: boolean;
  reported?: string;
}

/**
 * Firmware through object 5 (Firmware Update), for LwM2M devices assigned an OTA package (directly
 * or by a campaign): the device is given a Package URI it pulls the package from (a CoAP URL on
 * this server, firmware-links.ts), or, when its Delivery Method says push only, the package itself
 * written to /5/0/0; Update is executed once State says Downloaded, and the device's
 * OTA status follows State and Update Result as the other transports' fw_state reports do —
 * DOWNLOADING, DOWNLOADED, UPDATING, then UPDATED or FAILED (same telemetry keys, same DeviceOtaStatus).
 */
export class FirmwareUpdates {
  private readonly updates = new WeakMap<ActiveRegistration, Update>();

  constructor(
    private readonly deps: {
      firmware: FirmwareService;
      links: FirmwareLinks;
      directory: Lwm2mDirectory;
      service: DeviceService;
      logger: Logger;
    },
  ) {}

  /** A shared-attributes push naming a firmware (the API's assignment) starts an update; one removing it ends it. */
  onDownlink(active: ActiveRegistration, downlink: DeviceDownlink, run: Run): boolean {
    if (downlink.type !== "SHARED_ATTRIBUTES") return false;
    if (downlink.deleted?.includes("fw_title")) this.updates.delete(active);
    if (!downlink.updated?.some((kv) => kv.key === "fw_title" || kv.key === "fw_version")) return false;
    void this.start(active, run, true);
    return true;
  }

  /** Starts an update when the device has object 5 and a package it does not run yet (not UPDATED or FAILED for it). */
  async start(active: ActiveRegistration, run: Run, fresh = false): Promise<void> {
    if (!active.registration.objects.some((object) => object.objectId === 5)) return;
    const { session } = active;
    let target: FirmwareTarget;
    try {
      target = await this.deps.firmware.target(session, "FIRMWARE", fresh);
    } catch {
      return; // nothing assigned, or an external URL: nothing this server can serve
    }
    if (this.updates.get(active)?.target.packageId === target.packageId) return;
    const status = await this.deps.directory.firmwareStatus(session);
    if (status?.targetPackageId === target.packageId && (status.state === "UPDATED" || status.state === "FAILED"))
      return;
    const update: Update = { target, run, accepting: false, executed: false };
    this.updates.set(active, update);
    this.report(active, update, "INITIATED");
    for (const path of OBSERVED) {
      const observed = await run({ operation: "observe", path });
      if (!observed.ok) this.deps.logger.info({ path, observed }, "LwM2M firmware observation refused");
    }
    const method = await run({ operation: "read", path: "/5/0/9" });
    if (method.ok && method.value === PUSH_ONLY) return this.push(active, update);
    const uri = await this.deps.links.issue({ session, packageId: target.packageId });
    if (this.updates.get(active) !== update) return;
    update.accepting = true;
    const written = await run({ operation: "write", path: "/5/0/1", value: uri });
    if (!written.ok)
      this.fail(active, update, `the device refused the package URI: ${written.message ?? written.code}`);
  }

  /** For a device that only takes pushes: the package written to /5/0/0 (block-wise past one block). */
  private async push(active: ActiveRegistration, update: Update) {
    const bytes = await this.deps.firmware.bytes(update.target, 0, 0);
    if (this.updates.get(active) !== update) return;
    update.accepting = true;
    this.report(active, update, "DOWNLOADING");
    const written = await update.run({
      operation: "write",
      path: "/5/0/0",
      value: bytes.toString("base64"),
      timeoutMs: 30_000 + Math.ceil(bytes.length / PUSH_BYTES_PER_SECOND) * 1000,
    });
    if (!written.ok) this.fail(active, update, `the device refused the package: ${written.message ?? written.code}`);
  }

  /** Every decoded value the client reports; object 5's State and Update Result move the update on. */
  onValues(active: ActiveRegistration, values: ResourceValue[]): void {
    const update = this.updates.get(active);
    if (!update?.accepting) return;
    for (const { path, value } of values) {
      if (path === "/5/0/3") this.onState(active, update, Number(value));
      else if (path === "/5/0/5") this.onResult(active, update, Number(value));
    }
  }

  private onState(active: ActiveRegistration, update: Update, state: number) {
    if (state === STATE.DOWNLOADING) this.report(active, update, "DOWNLOADING");
    else if (state === STATE.UPDATING) this.report(active, update, "UPDATING");
    else if (state === STATE.DOWNLOADED) {
      this.report(active, update, "DOWNLOADED");
      if (update.executed) return;
      update.executed = true;
      void update.run({ operation: "execute", path: "/5/0/2" }).then((executed) => {
        if (!executed.ok) this.fail(active, update, `the device refused Update: ${executed.message ?? executed.code}`);
        else this.report(active, update, "UPDATING");
      });
    }
  }

  private onResult(active: ActiveRegistration, update: Update, result: number) {
    if (result === 0) return;
    if (result === 1) {
      this.report(active, update, "UPDATED", {
        current_fw_title: update.target.title,
        current_fw_version: update.target.version,
      });
      this.finish(active, update);
    } else this.fail(active, update, `Update Result ${result}: ${FAILURES[result] ?? "unknown failure"}`);
  }

  private fail(active: ActiveRegistration, update: Update, error: string) {
    if (this.updates.get(active) !== update) return;
    this.report(active, update, "FAILED", { fw_error: error });
    this.finish(active, update);
  }

  private finish(active: ActiveRegistration, update: Update) {
    if (this.updates.get(active) !== update) return;
    this.updates.delete(active);
    for (const path of OBSERVED) void update.run({ operation: "cancel-observe", path });
  }

  /** The state as the other transports' devices report it: fw_state telemetry, which DeviceOtaStatus follows. */
  private report(active: ActiveRegistration, update: Update, state: string, extra: Record<string, string> = {}) {
    if (update.reported === state) return;
    update.reported = state;
    const values = { fw_state: state, ...extra };
    this.deps.service
      .postTelemetry(active.session, values, JSON.stringify(values), { wait: false })
      .catch((error: unknown) => {
        this.deps.logger.warn(
          { err: error, deviceId: active.session.deviceId, state },
          "LwM2M firmware state not stored",
        );
      });
  }
}
