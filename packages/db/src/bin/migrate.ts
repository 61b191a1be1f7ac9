// `npm run db:migrate`: applies pending migrations to DATABASE_URL (owner connection).
import { loadConfig } from "@industryos/config";
import { migrate } from "../migrate.ts";

const config = loadConfig();
const result = await migrate({
  ownerUrl: config.DATABASE_URL,
  appPassword: config.DATABASE_APP_PASSWORD,
  systemPassword: config.DATABASE_SYSTEM_PASSWORD,
  telemetryRetentionDays: config.TELEMETRY_RETENTION_DAYS,
  log: (m) => console.log(m),
});
console.log(`${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied`);
