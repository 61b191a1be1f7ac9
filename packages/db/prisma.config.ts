// Prisma CLI configuration (`prisma generate`). Migrations are applied by our own migrator
// (src/migrate.ts), not by `prisma migrate`, whose native engine cannot be downloaded here.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:54320/industryos" },
});
