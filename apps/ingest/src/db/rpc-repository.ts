import type { RpcStatus } from "@industryos/device-protocol";
import { Prisma, type SystemClient } from "@industryos/db";
import type { QueuedRpc, RpcRepository } from "../core/ports.ts";
import type { DeviceSession } from "../core/session.ts";

/** From which statuses each status may be reached: a late DELIVERED never overwrites SUCCESSFUL. */
const REACHABLE_FROM: Record<RpcStatus, RpcStatus[]> = {
  QUEUED: [],
  SENT: ["QUEUED", "SENT"],
  DELIVERED: ["QUEUED", "SENT"],
  SUCCESSFUL: ["QUEUED", "SENT", "DELIVERED"],
  FAILED: ["QUEUED", "SENT", "DELIVERED"],
  TIMEOUT: ["SENT", "DELIVERED"],
  EXPIRED: ["QUEUED", "SENT"],
};

export class PgRpcRepository implements RpcRepository {
  constructor(private readonly system: SystemClient) {}

  async pendingFor(session: DeviceSession): Promise<QueuedRpc[]> {
    const rows = await this.system.rpcRequest.findMany({
      where: {
        tenantId: session.tenantId,
        deviceId: session.deviceId,
        status: { in: ["QUEUED", "SENT"] },
        expiresAt: { gt: new Date() },
      },
      orderBy: { createdAt: "asc" },
      take: 100,
    });
    return rows.map((r) => ({
      requestId: r.requestId,
      method: r.method,
      params: r.params,
      oneway: r.oneway,
      expiresAt: r.expiresAt.getTime(),
    }));
  }

  async setStatus(session: DeviceSession, requestId: number, status: RpcStatus, response?: unknown): Promise<void> {
    await this.system.rpcRequest.updateMany({
      where: {
        tenantId: session.tenantId,
        deviceId: session.deviceId,
        requestId,
        status: { in: REACHABLE_FROM[status] },
      },
      data: {
        status,
        ...(response === undefined
          ? {}
          : { response: response === null ? Prisma.JsonNull : (response as Prisma.InputJsonValue) }),
      },
    });
  }

  async expireOverdue(now: number): Promise<number> {
    const overdue = new Date(now);
    const [expired, timedOut] = await Promise.all([
      this.system.rpcRequest.updateMany({
        where: { status: { in: ["QUEUED", "SENT"] }, expiresAt: { lt: overdue } },
        data: { status: "EXPIRED" },
      }),
      this.system.rpcRequest.updateMany({
        where: { status: "DELIVERED", expiresAt: { lt: overdue } },
        data: { status: "TIMEOUT" },
      }),
    ]);
    return expired.count + timedOut.count;
  }
}
