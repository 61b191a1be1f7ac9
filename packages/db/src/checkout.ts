import type pg from "pg";

/**
 * Checks a client out of `pool` with `onError` listening from the moment it is handed over.
 *
 * pg-pool hands a released client to the next waiter synchronously, from inside the parser's
 * loop over the socket chunk that ended the previous query. With `await pool.connect()` the
 * waiter's code (and its listener) runs only after that loop, so a server shutting down, whose
 * FATAL ErrorResponse follows ReadyForQuery in the same chunk, made the client emit 'error' with
 * nobody listening: an uncaught exception. The callback form runs inside the hand-over.
 */
export function checkOut(pool: pg.Pool, onError: (error: Error) => void): Promise<pg.PoolClient> {
  return new Promise((resolve, reject) => {
    pool.connect((error, client) => {
      if (error || !client) return reject(error ?? new Error("the pool handed over no client"));
      client.on("error", onError);
      resolve(client);
    });
  });
}

/**
 * Runs `fn` on a client checked out of `pool` (checkOut), in a transaction started by `begin`
 * unless it is null (one statement commits by itself); rolls back on error and drops a client
 * whose connection broke instead of returning it to the pool.
 */
export async function withPoolClient<R>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<R>,
  begin: string | null = "BEGIN",
): Promise<R> {
  const transaction = begin !== null;
  let broken: Error | undefined;
  // A checked-out client has no pool listener: a server that goes away mid-transaction
  // must fail this call, not crash the process with an unhandled 'error' event.
  const onError = (error: Error) => (broken = error);
  const client = await checkOut(pool, onError);
  try {
    if (begin !== null) await client.query(begin);
    const result = await fn(client);
    if (transaction) await client.query("COMMIT");
    return result;
  } catch (error) {
    if (transaction) await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}
