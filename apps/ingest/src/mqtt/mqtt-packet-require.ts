import { createRequire } from "node:module";

/** `require` as mqtt-packet itself resolves: its own `debug` and `bl`, wherever npm put them. */
export const requireFromMqttPacket = createRequire(createRequire(import.meta.url).resolve("mqtt-packet"));
