import type { Client, ConnectPacket, PublishPacket } from "aedes";
import { generate, type IDisconnectPacket, type IPubackPacket, type IPubrecPacket } from "mqtt-packet";
import { markConsumed } from "./consumed.ts";

/** Reason Strings are for people reading device logs; a long one only costs the device memory. */
const MAX_REASON_STRING = 256;

const V5 = { protocolVersion: 5 };

/**
 * MQTT 5 answers that aedes cannot give by itself.
 *
 * Why this file exists: aedes 2.0.0-beta.1 answers every `authorizePublish` error from an
 * MQTT 5 client with PUBACK/PUBREC 0x87 (Not authorized) — see `authorizePublish` in its
 * lib/handlers/publish.js — and reads no reason code from the error, while a device must be
 * told 0x99 for a bad payload, 0x90 for an unknown topic, 0x97 for an oversized one. So for a
 * refused QoS 1/2 PUBLISH this module writes the acknowledgement itself, with mqtt-packet (the
 * encoder aedes uses) at protocol version 5, and hands aedes back the packet re-addressed as a
 * QoS 0 publish to CONSUMED_TOPIC: aedes acknowledges no QoS 0 publish and delivers nothing
 * on that topic, so the device gets exactly one acknowledgement, ours. test/mqtt5.test.ts
 * counts the acknowledgements the client receives and fails if aedes starts sending its own.
 * When aedes learns to take a reason code from the error, this file can go.
 */
export class V5Acks {
  /** Clients that connected with Request Problem Information = 0 get no Reason String on acks [MQTT-3.1.2-29]. */
  private readonly quiet = new WeakSet<Client>();
  /** Clients being disconnected: whatever else they send is neither processed nor acknowledged. */
  private readonly leaving = new WeakSet<Client>();

  /** Called from aedes' preConnect hook, the one place that sees the CONNECT properties. */
  noteConnect(client: Client, packet: ConnectPacket): void {
    if (packet.protocolVersion === 5 && packet.properties?.requestProblemInformation === false) this.quiet.add(client);
  }

  isDisconnecting(client: Client): boolean {
    return this.leaving.has(client);
  }

  /**
   * Answers a refused PUBLISH from an MQTT 5 client with `reasonCode`: a PUBACK (QoS 1) or
   * PUBREC (QoS 2) when the device may go on, a DISCONNECT when it must send the message
   * again later or when there is nothing to acknowledge (QoS 0). Afterwards the caller must
   * pass the packet back to aedes with `callback(null)`.
   */
  refuse(
    client: Client,
    packet: PublishPacket,
    refusal: { reasonCode: number; message: string; retryLater: boolean },
  ): void {
    if (refusal.retryLater || packet.qos === 0) {
      this.disconnect(client, refusal.reasonCode, refusal.message);
    } else if (!client.closed && packet.messageId !== undefined) {
      const ack: IPubackPacket | IPubrecPacket = {
        cmd: packet.qos === 1 ? "puback" : "pubrec",
        messageId: packet.messageId,
        reasonCode: refusal.reasonCode,
      };
      const reasonString = this.quiet.has(client) ? undefined : refusal.message;
      client.conn.write(generate(withReasonString(client, ack, reasonString), V5));
    }
    handBackUnacknowledged(packet);
  }

  /** Tells an MQTT 5 client why it is being disconnected (MQTT 3.1.1 has no DISCONNECT from the server: the connection just closes). */
  disconnect(client: Client, reasonCode: number, message: string): void {
    if (this.leaving.has(client)) return;
    this.leaving.add(client);
    if (client.version !== 5) return client.disconnect();
    // A DISCONNECT may carry a Reason String whatever Request Problem Information said [MQTT-3.1.2-29].
    const { properties } = withReasonString(client, { cmd: "disconnect", reasonCode } as IDisconnectPacket, message);
    client.disconnect({ reasonCode, properties });
  }
}

/** A QoS 0 publish to CONSUMED_TOPIC: aedes neither acknowledges nor delivers it (see the class comment). */
export function handBackUnacknowledged(packet: PublishPacket): void {
  packet.qos = 0;
  markConsumed(packet);
}

/**
 * Adds the Reason String when it fits: it must be left out when it would make the packet
 * larger than the Maximum Packet Size the client announced [MQTT-3.4.2-2, MQTT-3.14.2-3].
 */
function withReasonString<T extends IPubackPacket | IPubrecPacket | IDisconnectPacket>(
  client: Client,
  packet: T,
  reasonString: string | undefined,
): T {
  if (!reasonString) return packet;
  const candidate: T = { ...packet, properties: { reasonString: reasonString.slice(0, MAX_REASON_STRING) } };
  const limit = client.maximumPacketSize;
  return limit === undefined || generate(candidate, V5).length <= limit ? candidate : packet;
}
