import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Server } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import type { Aedes } from "aedes";
import { WebSocketServer, createWebSocketStream } from "ws";

export interface TlsFiles {
  cert: string | Buffer;
  key: string | Buffer;
  /** CA that signs device certificates; without it, TLS works but no client certificate is verified. */
  ca?: string | Buffer;
}

export interface Listener {
  port: number;
  close(): Promise<void>;
}

function listen(server: Server | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closer(server: Server | HttpServer): () => Promise<void> {
  return () => new Promise((resolve) => server.close(() => resolve()));
}

export async function listenMqttTcp(broker: Aedes, port: number, host: string): Promise<Listener> {
  const server = createNetServer((socket) => broker.handle(socket));
  return { port: await listen(server, port, host), close: closer(server) };
}

/**
 * MQTT over TLS. A client certificate is requested but optional: devices with access tokens
 * or basic credentials connect without one. A certificate counts when it chains to the
 * configured CA (`socket.authorized`), or else to a device profile's CA (X.509 chain
 * provisioning, checked by the broker); its SHA-256 thumbprint is then the credential.
 */
export async function listenMqttTls(broker: Aedes, port: number, host: string, files: TlsFiles): Promise<Listener> {
  const server = createTlsServer(
    { cert: files.cert, key: files.key, ca: files.ca, requestCert: true, rejectUnauthorized: false },
    (socket) => broker.handle(socket),
  );
  return { port: await listen(server, port, host), close: closer(server) };
}

/** MQTT over WebSocket (subprotocol "mqtt"), for browsers and firewalled sites. */
export async function listenMqttWebSocket(broker: Aedes, port: number, host: string): Promise<Listener> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("MQTT over WebSocket: upgrade required");
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (socket, req) => broker.handle(createWebSocketStream(socket), req));
  const bound = await listen(server, port, host);
  return {
    port: bound,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closer(server)();
    },
  };
}
