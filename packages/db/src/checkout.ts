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
