import { Agent, request, type IncomingMessage, type ObserveReadStream } from "coap";

export interface CoapResponse {
  code: string;
  body: unknown;
}

// A fresh agent (its own UDP socket) per request: an agent shuts its socket once its last
// exchange ends, which would break the next request on a shared one.
export function coapClient(port: number) {
  const agents: Agent[] = [];
  const newAgent = () => {
    const agent = new Agent({ type: "udp4" });
    agents.push(agent);
    return agent;
  };

  function send(method: "GET" | "POST", path: string, payload?: string): Promise<CoapResponse> {
    return new Promise((resolve, reject) => {
      const req = request({
        hostname: "127.0.0.1",
        port,
        method,
        pathname: path.split("?")[0],
        query: path.split("?")[1] ?? "",
        agent: newAgent(),
      });
      req.on("response", (res: IncomingMessage) => {
        const text = res.payload.toString();
        resolve({ code: res.code, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** Observe a resource; `next()` resolves each notification's JSON. */
  function observe(path: string): Promise<{ next(timeoutMs?: number): Promise<unknown>; close(): void }> {
    return new Promise((resolve, reject) => {
      const req = request({
        hostname: "127.0.0.1",
        port,
        method: "GET",
        pathname: path,
        observe: true,
        agent: newAgent(),
      });
      req.on("error", reject);
      req.on("response", (stream: ObserveReadStream) => {
        const queue: unknown[] = [];
        const waiters: ((v: unknown) => void)[] = [];
        stream.on("data", (chunk: Buffer) => {
          const value = JSON.parse(chunk.toString()) as unknown;
          const waiter = waiters.shift();
          if (waiter) waiter(value);
          else queue.push(value);
        });
        resolve({
          next: (timeoutMs = 15_000) =>
            queue.length > 0
              ? Promise.resolve(queue.shift())
              : new Promise((res, rej) => {
                  const timer = setTimeout(() => rej(new Error("no CoAP notification in time")), timeoutMs);
                  waiters.push((v) => {
                    clearTimeout(timer);
                    res(v);
                  });
                }),
          close: () => stream.close(),
        });
      });
      req.end();
    });
  }

  return { send, observe, close: () => agents.forEach((a) => a.close(() => undefined)) };
}
