import { describe, expect, it } from "vitest";
import "../src/mqtt/buffer-list-reads.ts";
import { requireFromMqttPacket } from "../src/mqtt/mqtt-packet-require.ts";
import { generate, parser, type Packet } from "mqtt-packet";

const packets: Packet[] = [
  {
    cmd: "publish",
    topic: "v1/devices/me/telemetry",
    qos: 1,
    messageId: 258,
    retain: false,
    dup: false,
    payload: Buffer.from('{"temperature":21.5}'),
  },
  {
    cmd: "publish",
    topic: "v1/devices/me/attributes",
    qos: 1,
    messageId: 65535,
    retain: false,
    dup: false,
    payload: Buffer.alloc(300, 0x61),
  },
  {
    cmd: "publish",
    topic: "v1/devices/me/rpc/response/7",
    qos: 1,
    messageId: 1,
    retain: false,
    dup: false,
    payload: Buffer.from("{}"),
    properties: { messageExpiryInterval: 0x01020304, topicAlias: 3, userProperties: { a: "b" } },
  },
  { cmd: "puback", messageId: 4660 },
];

function parseAll(chunkSize: number, protocolVersion: number): Packet[] {
  const frames = Buffer.concat(
    packets.filter((p) => protocolVersion === 5 || !("properties" in p)).map((p) => generate(p, { protocolVersion })),
  );
  const received: Packet[] = [];
  const errors: Error[] = [];
  const p = parser({ protocolVersion });
  p.on("packet", (packet: Packet) => received.push(packet));
  p.on("error", (error: Error) => errors.push(error));
  for (let at = 0; at < frames.length; at += chunkSize) p.parse(frames.subarray(at, at + chunkSize));
  expect(errors).toEqual([]);
  return received;
}

describe("mqtt-packet's BufferList reads in place", () => {
  it.each([1, 2, 3, 7, 64, 100_000])("decodes packets split into %i-byte chunks as sent", (chunkSize) => {
    for (const version of [4, 5]) {
      const sent = packets.filter((p) => version === 5 || !("properties" in p));
      const got = parseAll(chunkSize, version);
      expect(got).toHaveLength(sent.length);
      got.forEach((packet, i) => expect(packet).toMatchObject(sent[i]!));
    }
  });

  it("reads without slicing, and still refuses reads past the end", () => {
    // mqtt-packet's own bl, as the parser gets it.
    const bl = requireFromMqttPacket("bl") as () => {
      append(b: Buffer): void;
      slice(): Buffer;
      readUInt8(o: number): number;
      readUInt16BE(o: number): number;
      readUInt32BE(o: number): number;
    };
    const list = bl();
    list.append(Buffer.from([1]));
    list.append(Buffer.from([2, 3]));
    list.append(Buffer.from([4]));
    list.slice = () => {
      throw new Error("a read sliced the list");
    };
    expect(list.readUInt8(2)).toBe(3);
    expect(list.readUInt16BE(0)).toBe(0x0102);
    expect(list.readUInt32BE(0)).toBe(0x01020304);
    expect(() => list.readUInt8(4)).toThrow(RangeError);
    expect(() => list.readUInt16BE(3)).toThrow(RangeError);
  });

  it("gives each parser a plain buffer list, not a stream (an idle connection's parser holds one)", () => {
    const list = (parser({ protocolVersion: 4 }) as unknown as { _list: object })._list;
    expect(list).not.toHaveProperty("pipe");
    expect(list).not.toHaveProperty("_readableState");
  });
});
