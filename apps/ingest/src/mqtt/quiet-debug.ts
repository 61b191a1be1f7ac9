// mqtt-packet calls the `debug` package ~15 times for every packet it parses or writes. A
// disabled `debug` still collects its arguments into an array and checks its namespace on each
// call: ~4% of ingest's thread and ~9% of what it allocates per message under load
// (bench/ingest: closed loop +6-10% without it). Imported before aedes and mqtt-packet, this
// makes `require("debug")(namespace)` hand out one function that does nothing for every
// namespace not enabled by DEBUG when it is created; enabled namespaces get the real thing, so
// `DEBUG=mqtt-packet:* npm start` still traces packets. (A namespace enabled later at run time
// through debug.enable() stays quiet in instances created before.)
import { requireFromMqttPacket as fromMqttPacket } from "./mqtt-packet-require.ts";

type CreateDebug = ((namespace: string) => unknown) & { enabled(namespace: string): boolean };

const QUIETED = Symbol.for("industryos.quietDebug");

function quiet(namespace: string) {
  return Object.assign(() => undefined, {
    enabled: false,
    namespace,
    extend: (sub: string, delimiter = ":") => quiet(`${namespace}${delimiter}${sub}`),
    destroy: () => false,
  });
}

const path = fromMqttPacket.resolve("debug");
const createDebug = fromMqttPacket("debug") as CreateDebug & { [QUIETED]?: true };
if (!createDebug[QUIETED]) {
  fromMqttPacket.cache[path]!.exports = new Proxy(createDebug, {
    apply: (target, _self, args: [string]) => (target.enabled(args[0]) ? target(...args) : quiet(args[0])),
    get: (target, property) => (property === QUIETED ? true : Reflect.get(target, property)),
  });
}
