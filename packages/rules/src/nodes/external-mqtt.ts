import { z } from "zod";
import { PermanentError } from "../errors.ts";
import type { RuleMessage } from "../message.ts";
import { defineNode, success } from "../node.ts";
import { isRecord, metadataText } from "./shared.ts";

/**
 * The topic for one message: `${key}` takes the metadata's value, `$[key]` the data's (as in
 * ThingsBoard's patterns). A key the message lacks, or a result that is no topic one may publish
 * to (empty, or with MQTT's wildcards), is a failure: a guessed topic would publish somewhere else.
 */
export function topicFor(pattern: string, message: RuleMessage): string {
  const data = isRecord(message.data) ? message.data : {};
  const topic = pattern
    .replace(/\$\{([^}]+)\}/g, (_, key: string) => {
      const value = message.metadata[key.trim()];
      if (value === undefined) throw new PermanentError(`The topic names \${${key}}, which the metadata does not have`);
      return value;
    })
    .replace(/\$\[([^\]]+)\]/g, (_, key: string) => {
      const value = data[key.trim()];
      if (value === undefined) throw new PermanentError(`The topic names $[${key}], which the data does not have`);
      return metadataText(value);
    });
  if (topic === "" || /[+#]/.test(topic) || topic.includes("\u0000"))
    throw new PermanentError(`"${topic}" is not a topic to publish to (empty, or with + or #)`);
  return topic;
}

export const mqttPublish = defineNode({
  type: "external.mqtt",
  category: "external",
  title: "MQTT publish",
  description:
    "Publishes the message data (JSON, or the text itself) to a topic of an MQTT broker, then sends the message to Success. The topic may name metadata values as ${deviceName} and data values as $[key]. A broker that cannot be reached is retried; private addresses are refused unless the server allows them.",
  config: z.object({
    host: z
      .string()
      .trim()
      .min(1, "Name the broker's host")
      .max(255)
      .regex(/^[\w.:[\]-]+$/, "A host name or address only (no scheme, port or path)"),
    port: z.number().int("Use a whole number").min(1).max(65_535).default(1883),
    topicPattern: z.string().trim().min(1, "Name the topic").max(1024).default("devices/${deviceName}/telemetry"),
    clientId: z.string().trim().max(128).optional(),
    username: z.string().max(255).optional(),
    password: z.string().max(1024).optional(),
    tls: z.boolean().default(false),
    qos: z.number().int("0, 1 or 2").min(0, "0, 1 or 2").max(2, "0, 1 or 2").default(1),
    retain: z.boolean().default(false),
  }),
  relations: ["Success"],
  run: async (message, config, { services }) => {
    await services.mqtt.publish({
      host: config.host,
      port: config.port,
      tls: config.tls,
      clientId: config.clientId || undefined,
      username: config.username || undefined,
      password: config.password || undefined,
      topic: topicFor(config.topicPattern, message),
      payload: typeof message.data === "string" ? message.data : JSON.stringify(message.data ?? null),
      qos: config.qos as 0 | 1 | 2,
      retain: config.retain,
    });
    return success(message);
  },
});
