import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOut, withPoolClient } from "../src/checkout.ts";

// A released client goes to the next waiter inside release(), while pg may still be parsing the
// chunk that ended the last query: a shutdown's FATAL error there must reach a listener.

let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: 1 });
  pool.on("error", () => {});
});
afterAll(() => pool.end());

describe("checkOut", () => {
  it("listens for the client's errors from the moment the pool hands it over", async () => {
    const first = await pool.connect();
    const errors: Error[] = [];
    const waiting = checkOut(pool, (error) => errors.push(error));
    // The waiter gets `first` synchronously inside release(); an error emitted in the same tick
    // (as pg does for an ErrorResponse later in the same socket chunk) must find its listener.
    first.release();
    expect(() => first.emit("error", new Error("terminating connection due to administrator command"))).not.toThrow();
    const second = await waiting;
    expect(second).toBe(first);
    expect(errors.map((e) => e.message)).toEqual(["terminating connection due to administrator command"]);
    second.release(errors[0]);
  });

  it("rejects when the pool cannot connect", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.port = "1";
    const refused = new pg.Pool({ connectionString: url.toString(), max: 1 });
    await expect(checkOut(refused, () => {})).rejects.toThrow(/ECONNREFUSED/);
    await refused.end();
  });

  it("rolls back what fn wrote when it throws, and returns the client to the pool", async () => {
    const failing = withPoolClient(pool, async (client) => {
      await client.query("CREATE TEMP TABLE rolled_back (x int)");
      throw new Error("fn failed");
    });
    await expect(failing).rejects.toThrow("fn failed");
    const { rows } = await pool.query("SELECT to_regclass('pg_temp.rolled_back') AS t");
    expect(rows[0].t).toBeNull();
    expect(pool.idleCount).toBe(1);
  });
});
