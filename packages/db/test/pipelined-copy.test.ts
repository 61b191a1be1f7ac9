// COPY with its data sent before the server asks for it: rows arrive, and a COPY that fails
// (before copy mode or in the middle of the data) rejects and leaves the connection usable.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PipelinedCopy } from "../src/telemetry/pipelined-copy.ts";
import { useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();
let client: pg.PoolClient;

const rows = (from: number, to: number) =>
  Buffer.from(Array.from({ length: to - from }, (_, i) => `${from + i}\tvalue ${from + i}\n`).join(""));
const count = async () => Number((await client.query("SELECT count(*) AS n FROM copy_target")).rows[0].n);

describe("PipelinedCopy", () => {
  beforeAll(async () => {
    client = await ctx.clients.systemPool.connect();
    await client.query("CREATE TEMP TABLE copy_target (id integer PRIMARY KEY, label text NOT NULL)");
  });
  afterAll(() => client?.release());

  test("copies every row and resolves with the server's row count", async () => {
    expect(await client.query(new PipelinedCopy("COPY copy_target (id, label) FROM STDIN", rows(0, 1000))).done).toBe(
      1000,
    );
    expect(await count()).toBe(1000);
    expect((await client.query("SELECT label FROM copy_target WHERE id = 999")).rows[0].label).toBe("value 999");
  });

  test("copies data far larger than a socket buffer", async () => {
    expect(
      await client.query(new PipelinedCopy("COPY copy_target (id, label) FROM STDIN", rows(1000, 301_000))).done,
    ).toBe(300_000);
    expect(await count()).toBe(301_000);
  });

  test("a statement that fails before copy mode rejects, and the data sent with it is ignored", async () => {
    const copy = client.query(new PipelinedCopy("COPY no_such_table (id) FROM STDIN", rows(500_000, 500_010)));
    await expect(copy.done).rejects.toMatchObject({ code: "42P01" });
    expect((await client.query("SELECT 41 + 1 AS answer")).rows[0].answer).toBe(42);
    expect(await count()).toBe(301_000);
  });

  test("a row that fails in the middle of the data rejects the whole COPY and keeps the connection in step", async () => {
    // 100 new ids, then one that exists, then 100 more new ones.
    const data = Buffer.concat([rows(500_000, 500_100), rows(7, 8), rows(500_100, 500_200)]);
    const copy = client.query(new PipelinedCopy("COPY copy_target (id, label) FROM STDIN", data));
    await expect(copy.done).rejects.toMatchObject({ code: "23505" });
    expect(await count()).toBe(301_000);
    expect(
      await client.query(new PipelinedCopy("COPY copy_target (id, label) FROM STDIN", rows(400_000, 400_002))).done,
    ).toBe(2);
    expect(await count()).toBe(301_002);
  });

  test("a connection the server ends in the middle of a COPY rejects it instead of hanging", async () => {
    const victim = await ctx.clients.systemPool.connect();
    let broken: Error | undefined;
    victim.on("error", (error) => (broken = error));
    try {
      await victim.query("CREATE TEMP TABLE slow_target (id integer)");
      await victim.query(
        "CREATE FUNCTION pg_temp.stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NEW; END $$",
      );
      await victim.query(
        "CREATE TRIGGER stall BEFORE INSERT ON slow_target FOR EACH ROW EXECUTE FUNCTION pg_temp.stall()",
      );
      const pid = (await victim.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      const copy = victim.query(new PipelinedCopy("COPY slow_target (id) FROM STDIN", Buffer.from("1\n2\n")));
      // The first row is stuck in the trigger; end that backend from outside.
      for (
        let i = 0;
        i < 100 &&
        !(await client.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event = 'PgSleep'", [pid]))
          .rowCount;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await client.query("SELECT pg_terminate_backend($1)", [pid]);
      await expect(copy.done).rejects.toThrow(/terminat/);
    } finally {
      victim.release(broken ?? true);
    }
  });
});
