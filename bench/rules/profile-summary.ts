import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Node's native socket writes: each query or command sent to PostgreSQL or Redis is one (a system call). */
const SOCKET_WRITES = new Set(["writev", "writeBuffer", "writeUtf8String", "writeLatin1String", "writeAsciiString"]);

/** Where a frame's code lives: its npm package, its file in the repository, or V8's own (GC, syscalls). */
function placeOf(frame: ProfileNode["callFrame"]): string {
  if (!frame.url && SOCKET_WRITES.has(frame.functionName)) return "socket writes (queries and commands sent)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return pkg[1]!;
  const mine = /\/work\/[^/]+\/(.+)$/.exec(frame.url) ?? /^file:\/\/.*?\/((?:apps|packages)\/.+)$/.exec(frame.url);
  if (mine) return mine[1]!;
  if (frame.url.startsWith("wasm://")) return "wasm (Prisma's query compiler)";
  if (frame.url.startsWith("node:")) return frame.url;
  return frame.functionName ? `(${frame.functionName.replace(/^\(|\)$/g, "")})` : "(native)";
}

/**
 * The largest `.cpuprofile` in `dir` (the main thread's: worker threads write smaller ones),
 * summarised as self time per package or file, busy time only (idle left out), largest first.
 */
export function summarizeProfile(dir: string, top = 15): { file: string; busyS: number; places: [string, number][] } {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  const file = files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0]!;
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPlace = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === "(idle)") return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    const place = placeOf(frame);
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
  });
  const places = [...byPlace]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([place, micros]) => [place, Number(((100 * micros) / busy).toFixed(1))] as [string, number]);
  return { file: join(dir, file), busyS: Number((busy / 1e6).toFixed(1)), places };
}
