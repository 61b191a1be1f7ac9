import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { Agent, createServer, request, type IncomingMessage, type OutgoingMessage } from "coap";

export interface CoapAnswer {
  code: string;
  locationPath: string[];
  payload: string;
}

/** What the fake client answers to a server request: `(req) => [code, contentFormat?, payload?]`; null: no answer. */
export type ClientHandler = (req: IncomingMessage) => [string, string?, Buffer?] | null;

/**
 * A scripted LwM2M client on one UDP socket, as real clients have: it sends registration requests
 * from it and answers the server's requests on it with `handler`. For protocol cases the Leshan
 * client does not produce (formats, errors, bad registrations).
 */
export async function fakeLwm2mClient(serverPort: number, handler: ClientHandler = () => ["4.04"]) {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const received: IncomingMessage[] = [];
  const server = createServer((req: IncomingMessage, res: OutgoingMessage) => {
    received.push(req);
    const answer = handler(req);
    if (answer === null) return;
    const [code, format, payload] = answer;
    res.code = code;
    if (format) res.setOption("Content-Format", format);
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(socket, () => resolve()));
  const agent = new Agent({ socket });

  function send(method: "POST" | "DELETE", pathWithQuery: string, payload?: string): Promise<CoapAnswer> {
    const [pathname, query = ""] = pathWithQuery.split("?");
    return new Promise((resolve, reject) => {
      const req = request({ hostname: "127.0.0.1", port: serverPort, method, pathname, query, agent });
      if (payload !== undefined) req.setOption("Content-Format", "application/link-format");
      req.on("response", (res: IncomingMessage) => {
        // node-coap keeps repeated options as the packet's list; headers hold only the last value.
        const options = (res as unknown as { _packet: { options: Array<{ name: string; value: Buffer }> } })._packet
          .options;
        const location = options.filter((o) => o.name === "Location-Path").map((o) => o.value.toString());
        resolve({ code: res.code, locationPath: location, payload: res.payload.toString() });
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  return {
    port: (socket.address() as AddressInfo).port,
    received,
    register: (query: string, links = "</1/0>,</3/0>,</3303/0>") => send("POST", `/rd?${query}`, links),
    update: (location: string, query = "", links?: string) =>
      send("POST", `/${location}${query ? `?${query}` : ""}`, links),
    deregister: (location: string) => send("DELETE", `/${location}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.close();
        socket.close(() => resolve());
      }),
  };
}
