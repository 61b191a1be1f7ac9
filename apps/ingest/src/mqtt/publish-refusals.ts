import { DeviceProtocolError, classifyPublishTopic } from "@industryos/device-protocol";
import { refusalOf } from "../core/refusals.ts";

/** The MQTT 5 reason codes ingest sends (MQTT 5.0 §2.4, table 2-6). */
export const REASON_CODES = {
  SUCCESS: 0x00,
  IMPLEMENTATION_SPECIFIC_ERROR: 0x83,
  NOT_AUTHORIZED: 0x87,
  SERVER_BUSY: 0x89,
  TOPIC_NAME_INVALID: 0x90,
  PACKET_TOO_LARGE: 0x95,
  QUOTA_EXCEEDED: 0x97,
  ADMINISTRATIVE_ACTION: 0x98,
  PAYLOAD_FORMAT_INVALID: 0x99,
} as const;

export interface PublishRefusal {
  /** Valid both in PUBACK/PUBREC and in DISCONNECT. */
  reasonCode: number;
  /** Sent to the device as the Reason String, so it never carries server internals. */
  message: string;
  /**
   * The device did nothing wrong (the database is down, ingest is overloaded): the message
   * must not be acknowledged, even with a failure code, because an MQTT 5 client that gets a
   * failure PUBACK drops the message. The connection is closed instead and the device sends
   * it again when it reconnects, as with MQTT 3.1.1.
   */
  retryLater: boolean;
}

/**
 * Why a device's PUBLISH was refused, as an MQTT 5 reason code. Only codes the spec allows in
 * a PUBACK are used for the device's own mistakes: 0x95 (Packet too large) is a DISCONNECT
 * code, so a payload over the configured limit is 0x97 (Quota exceeded), an administrative
 * limit. A topic outside the device API is 0x90 (Topic Name invalid: well-formed but not
 * accepted by this server); a topic of the API that this connection may not use (a gateway
 * topic from a plain device, the provisioning topic) is 0x87 (Not authorized).
 */
export function publishRefusal(error: unknown, topic: string): PublishRefusal {
  if (error instanceof DeviceProtocolError) {
    const refused = (reasonCode: number) => ({ reasonCode, message: error.message, retryLater: false });
    switch (error.code) {
      case "INVALID_JSON":
      case "INVALID_PAYLOAD":
        return refused(REASON_CODES.PAYLOAD_FORMAT_INVALID);
      case "PAYLOAD_TOO_LARGE":
        return refused(REASON_CODES.QUOTA_EXCEEDED);
      case "TOPIC_NOT_ALLOWED":
        return refused(isDeviceApiTopic(topic) ? REASON_CODES.NOT_AUTHORIZED : REASON_CODES.TOPIC_NAME_INVALID);
    }
  }
  const { refusal, message } = refusalOf(error);
  // A limit of the tenant's (keys per message or per device): the device must change what it sends.
  if (refusal === "QUOTA_EXCEEDED") return { reasonCode: REASON_CODES.QUOTA_EXCEEDED, message, retryLater: false };
  if (refusal === "UNAVAILABLE" || refusal === "OVERLOADED" || refusal === "TIMEOUT") {
    return {
      reasonCode: REASON_CODES.SERVER_BUSY,
      message: "the server cannot store messages right now; send again later",
      retryLater: true,
    };
  }
  return { reasonCode: REASON_CODES.IMPLEMENTATION_SPECIFIC_ERROR, message: "internal error", retryLater: true };
}

/** True when the topic is one the device API defines for some connection (gateways see every topic). */
function isDeviceApiTopic(topic: string): boolean {
  return classifyPublishTopic(topic, { gateway: true }) !== null;
}
