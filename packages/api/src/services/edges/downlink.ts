import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import type { DownlinkPage } from "./schemas.ts";

/** Rows changed less than this long ago wait for the next page: a transaction still committing a row stamped
 * earlier than one already handed out would otherwise be passed by the cursor. */
const SETTLE_MS = 1000;

type Kind = "ruleChains" | "deviceProfiles" | "devices" | "credentials";
/** Per kind, the (updatedAt, id) of the last row handed out. */
type Cursor = Partial<Record<Kind, [string, string]>>;

function readCursor(text: string | undefined): Cursor {
  if (!text) return {};
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    if (typeof parsed === "object" && parsed !== null) return parsed as Cursor;
  } catch {
    // falls through
  }
  throw new ApiError("BAD_REQUEST", "cursor is not one this API gave: start over without it");
}

const writeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

/** `(updatedAt, id) > mark`, and settled, in a Prisma where. */
function after(mark: [string, string] | undefined, settled: Date) {
  const window = { updatedAt: { lte: settled } };
  if (!mark) return window;
  const at = new Date(mark[0]);
  return { AND: [window, { OR: [{ updatedAt: { gt: at } }, { updatedAt: at, id: { gt: mark[1] } }] }] };
}

const iso = (d: Date) => d.toISOString();
const order = [{ updatedAt: "asc" as const }, { id: "asc" as const }];

/**
 * One page of what changed for the edge since `cursor`: rule chains, then device profiles (which name their
 * default rule chain), then devices, then their credentials. A kind that fills the page stops it there, so
 * an edge never receives a row before the rows it refers to.
 */
export async function edgeDownlink(
  ctx: TenantContext,
  edgeId: string,
  query: { cursor?: string; limit: number },
): Promise<DownlinkPage> {
  const cursor = readCursor(query.cursor);
  const settled = new Date(Date.now() - SETTLE_MS);
  const [tenant, edge] = await Promise.all([
    ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { id: true, name: true } }),
    ctx.db.edge.findUniqueOrThrow({ where: { id: edgeId }, select: { id: true, name: true, uplinkSeq: true } }),
  ]);
  const page: DownlinkPage = {
    tenant,
    edge: { id: edge.id, name: edge.name },
    uplinkSeq: Number(edge.uplinkSeq),
    ruleChains: [],
    deviceProfiles: [],
    devices: [],
    credentials: [],
    cursor: "",
    more: false,
  };
  let room = query.limit;
  const take = () => room + 1;
  /** Keeps at most `room` rows, moves the cursor to the last, and says whether more were there. */
  const keep = <T extends { id: string; updatedAt: Date }>(kind: Kind, rows: T[]): T[] => {
    const kept = rows.slice(0, room);
    room -= kept.length;
    const last = kept.at(-1);
    if (last) cursor[kind] = [iso(last.updatedAt), last.id];
    if (rows.length > kept.length) page.more = true;
    return kept;
  };

  page.ruleChains = keep(
    "ruleChains",
    await ctx.db.ruleChain.findMany({ where: after(cursor.ruleChains, settled), orderBy: order, take: take() }),
  ).map((r) => ({
    id: r.id,
    name: r.name,
    root: r.root,
    debugMode: r.debugMode,
    configuration: r.configuration,
    version: r.version,
    updatedAt: iso(r.updatedAt),
  }));
  if (!page.more && room > 0)
    page.deviceProfiles = keep(
      "deviceProfiles",
      await ctx.db.deviceProfile.findMany({
        where: after(cursor.deviceProfiles, settled),
        orderBy: order,
        take: take(),
      }),
    ).map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      isDefault: p.isDefault,
      transportType: p.transportType,
      transportConfig: p.transportConfig,
      provisionType: p.provisionType,
      provisionDeviceKey: p.provisionDeviceKey,
      provisionDeviceSecret: p.provisionDeviceSecret,
      provisionConfig: p.provisionConfig,
      alarmRules: p.alarmRules,
      defaultRuleChainId: p.defaultRuleChainId,
      defaultQueueName: p.defaultQueueName,
      updatedAt: iso(p.updatedAt),
    }));
  if (!page.more && room > 0)
    page.devices = keep(
      "devices",
      await ctx.db.device.findMany({ where: after(cursor.devices, settled), orderBy: order, take: take() }),
    ).map((d) => ({
      id: d.id,
      deviceProfileId: d.deviceProfileId,
      name: d.name,
      label: d.label,
      type: d.type,
      isGateway: d.isGateway,
      additionalInfo: d.additionalInfo,
      updatedAt: iso(d.updatedAt),
    }));
  if (!page.more && room > 0)
    page.credentials = keep(
      "credentials",
      await ctx.db.deviceCredential.findMany({
        where: after(cursor.credentials, settled),
        orderBy: order,
        take: take(),
      }),
    ).map((c) => ({
      id: c.id,
      deviceId: c.deviceId,
      type: c.type,
      credentialsId: c.credentialsId,
      mqttClientId: c.mqttClientId,
      mqttUsername: c.mqttUsername,
      mqttPasswordHash: c.mqttPasswordHash,
      certificatePem: c.certificatePem,
      updatedAt: iso(c.updatedAt),
    }));
  if (room === 0) page.more = true;
  page.cursor = writeCursor(cursor);
  return page;
}
