import { request, type Agent, type IncomingMessage, type ObserveReadStream } from "coap";

const BLOCK_BYTES = 1024;

/** Where a registered client listens: the address and port it registered from. */
export interface ClientAddress {
  address: string;
  port: number;
}

export interface ClientRequest {
  method: "GET" | "PUT" | "POST" | "DELETE";
  path: string;
  payload?: Buffer;
  contentFormat?: string;
  accept?: string;
  observe?: boolean;
}

/** The client's answer, or `timeout` when none came in time. */
export type ClientAnswer = { timeout: true } | { timeout: false; response: IncomingMessage };

/**
 * Sends one request to a registered client through `agent`, whose socket is the LwM2M server's
 * own: LwM2M clients take requests only from the address and port of the server they registered
 * with. An Observe request answers with the stream its notifications will arrive on.
 */
export function sendToClient(
  agent: Agent,
  client: ClientAddress,
  spec: ClientRequest,
  timeoutMs: number,
): Promise<ClientAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({
      hostname: client.address,
      port: client.port,
      pathname: spec.path,
      method: spec.method,
      observe: spec.observe === true,
      confirmable: true,
      agent,
    });
    if (spec.contentFormat) req.setOption("Content-Format", spec.contentFormat);
    if (spec.accept) req.setOption("Accept", spec.accept);
    // A payload over one block (a pushed firmware package) goes block-wise: Block1 of 1,024 bytes (size exponent 6).
    if ((spec.payload?.length ?? 0) > BLOCK_BYTES) req.setOption("Block1", Buffer.of(6));
    const timer = setTimeout(() => {
      resolve({ timeout: true });
      // A late answer must not leave an observation behind.
      req.removeAllListeners("response");
      req.once("response", (late: IncomingMessage) => (late as ObserveReadStream).close?.(true));
    }, timeoutMs);
    req.on("response", (response: IncomingMessage) => {
      clearTimeout(timer);
      resolve({ timeout: false, response });
    });
    req.on("error", (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on("timeout", () => {
      clearTimeout(timer);
      resolve({ timeout: true });
    });
    req.end(spec.payload);
  });
}
