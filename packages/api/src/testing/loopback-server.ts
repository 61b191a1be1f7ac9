import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP server on 127.0.0.1 and a free port, for a fake of an outside service: `handle` gets each
 * request with its whole body as text (a failure answers 500). `close` drops open connections
 * first, so a client keeping one alive cannot hold the test's end up.
 */
export async function serveOnLoopback(handle: (req: IncomingMessage, res: ServerResponse, body: string) => unknown) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      Promise.resolve()
        .then(() => handle(req, res, Buffer.concat(chunks).toString("utf8")))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
