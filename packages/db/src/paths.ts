import { fileURLToPath } from "node:url";

/** `prisma/` at the repository root (this file lives in packages/db/src). */
export const prismaDir = fileURLToPath(new URL("../../../prisma/", import.meta.url));
export const schemaPath = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));
export const migrationsDir = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));
/** packages/db/sql/functions: the current definition of every SQL function, one file each. */
export const functionsDir = fileURLToPath(new URL("../sql/functions/", import.meta.url));
