import { WebSocket } from "ws";
import type { ServerMessage } from "../../src/protocol/index.ts";

/** A raw WebSocket client that records every server message, for asserting on the wire format. */
export class WsTestClient {
  readonly messages: ServerMessage[] = [];
  closeCode: number | undefined;
  private waiters: Array<() => void> = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on("close", (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<WsTestClient> {
    const socket = new WebSocket(url, { headers });
    const client = new WsTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return client;
  }

  send(command: unknown): void {
    this.socket.send(typeof command === "string" ? command : JSON.stringify(command));
  }

  /** Waits for the first recorded message (from `from` on) matching `predicate`. */
  async next<T extends ServerMessage = ServerMessage>(
    predicate: (m: ServerMessage) => boolean,
    timeoutMs = 5000,
    from = 0,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(predicate);
      if (found) return found as T;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 2000)}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Messages of one cmdId and type. */
  of<T extends ServerMessage["type"]>(cmdId: number, type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m) => m.type === type && "cmdId" in m && m.cmdId === cmdId) as Extract<
      ServerMessage,
      { type: T }
    >[];
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
