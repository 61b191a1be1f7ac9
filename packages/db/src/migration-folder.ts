import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listMigrations } from "./migrate.ts";
import { migrationsDir } from "./paths.ts";

/**
 * Writes `prisma/migrations/<timestamp>_<name>/migration.sql` (Prisma's layout) and returns its
 * path. The timestamp is now, or one second after the newest migration if that sorts later:
 * folder names order the migrations, so a new one never sorts before one that exists.
 */
export function writeMigration(name: string, sql: string, dir = migrationsDir): string {
  const last = listMigrations(dir).at(-1)?.name.slice(0, 14);
  const toStamp = (d: Date) => d.toISOString().replace(/\D/g, "").slice(0, 14);
  const fromStamp = (s: string) =>
    new Date(
      `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z`,
    );
  const now = toStamp(new Date());
  const stamp = last && last >= now ? toStamp(new Date(fromStamp(last).getTime() + 1000)) : now;
  const folder = join(dir, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, "migration.sql");
  writeFileSync(file, sql);
  return file;
}
