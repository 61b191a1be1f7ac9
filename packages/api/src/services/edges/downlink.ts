import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import type { TenantDb } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import {
  downlinkCredential,
  downlinkDevice,
  downlinkDeviceProfile,
  downlinkRuleChain,
  type DownlinkPage,
} from "./schemas.ts";

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

const order = [{ updatedAt: "asc" as const }, { id: "asc" as const }];

/** Every field of a downlink row's schema, as a Prisma select: the rows come down as the schema names them. */
function fieldsOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  return Object.fromEntries(Object.keys(schema.shape).map((field) => [field, true])) as { [F in keyof S]: true };
}

const stamped = <T extends { updatedAt: Date }>(rows: T[]) =>
  rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));

type Read<K extends Kind> = (db: TenantDb, where: ReturnType<typeof after>, take: number) => Promise<DownlinkPage[K]>;

/** Per kind, its rows in cursor order. */
const READ: { [K in Kind]: Read<K> } = {
  ruleChains: (db, where, take) =>
    db.ruleChain.findMany({ where, orderBy: order, take, select: fieldsOf(downlinkRuleChain) }).then(stamped),
  deviceProfiles: (db, where, take) =>
    db.deviceProfile.findMany({ where, orderBy: order, take, select: fieldsOf(downlinkDeviceProfile) }).then(stamped),
  devices: (db, where, take) =>
    db.device.findMany({ where, orderBy: order, take, select: fieldsOf(downlinkDevice) }).then(stamped),
  credentials: (db, where, take) =>
    db.deviceCredential.findMany({ where, orderBy: order, take, select: fieldsOf(downlinkCredential) }).then(stamped),
};

/** The order an edge stores them in: a profile names its default rule chain, a device its profile, a credential its device. */
const KINDS: Kind[] = ["ruleChains", "deviceProfiles", "devices", "credentials"];

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
  /** Keeps at most `room` rows of the kind, moves its cursor to the last, and says whether more were there. */
  const fill = async <K extends Kind>(kind: K) => {
    const rows = await READ[kind](ctx.db, after(cursor[kind], settled), room + 1);
    const kept = rows.slice(0, room) as DownlinkPage[K];
    room -= kept.length;
    const last = kept.at(-1);
    if (last) cursor[kind] = [last.updatedAt, last.id];
    if (rows.length > kept.length) page.more = true;
    page[kind] = kept;
  };
  for (const kind of KINDS) if (!page.more && room > 0) await fill(kind);
  if (room === 0) page.more = true;
  page.cursor = writeCursor(cursor);
  return page;
}
