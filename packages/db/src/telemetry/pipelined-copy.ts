// `COPY ... FROM STDIN` with its data written together with the statement, for pg's
// `client.query(submittable)`. pg-copy-streams waits for the server's CopyInResponse before it
// sends any data: a second round trip per batch, and under load a second wait for a busy event
// loop to notice the response. PostgreSQL reads the data once the statement has put it in
// copy-in mode; if the statement fails first, the server ignores CopyData and CopyDone outside
// copy mode (postgres.c, "Accept but ignore these messages, per protocol spec"), so the
// connection stays in step either way: one ErrorResponse or CommandComplete, then ReadyForQuery.
// https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-COPY
import type pg from "pg";

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]); // 'c', length 4

/** The connection as pg hands it to a submittable: `query` writes a simple Query message. */
interface Connection {
  stream: NodeJS.WritableStream & { cork(): void; uncork(): void };
  query(text: string): void;
}

export class PipelinedCopy implements pg.Submittable {
  /** Rows the server says it copied. */
  readonly done: Promise<number>;
  private rowCount = 0;
  private settle!: (error: Error | null) => void;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve(this.rowCount));
    });
  }

  submit(connection: Connection): void {
    const header = Buffer.allocUnsafe(5);
    header[0] = COPY_DATA;
    header.writeUInt32BE(this.data.length + 4, 1);
    // One write for the statement, the data and its end.
    connection.stream.cork();
    connection.query(this.text);
    connection.stream.write(header);
    connection.stream.write(this.data);
    connection.stream.write(COPY_DONE);
    connection.stream.uncork();
  }

  handleCopyInResponse(): void {
    // The data is on its way already.
  }

  handleCommandComplete(message: { text?: string }): void {
    const copied = /^COPY (\d+)/.exec(message.text ?? "");
    if (copied) this.rowCount = Number(copied[1]);
  }

  /** An ErrorResponse (ReadyForQuery follows, for pg, not for us) or a broken connection: final. */
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }

  // A COPY FROM answers with none of these.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}
