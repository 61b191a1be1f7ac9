// `npm run db:seed`: migrates, then creates the demo tenant (idempotent) and prints its login.
import { databaseUrls, loadConfig } from "@industryos/config";
import { createDatabaseClients } from "../clients.ts";
import { migrate } from "../migrate.ts";
import { seedDemoTenant } from "../seed/demo.ts";

const config = loadConfig();
const urls = databaseUrls(config);
await migrate({
  ownerUrl: urls.owner,
  appPassword: config.DATABASE_APP_PASSWORD,
  systemPassword: config.DATABASE_SYSTEM_PASSWORD,
  telemetryRetentionDays: config.TELEMETRY_RETENTION_DAYS,
});
const clients = createDatabaseClients({ appUrl: urls.app, systemUrl: urls.system, poolSize: 2 });
try {
  const demo = await seedDemoTenant(clients);
  console.log(`demo login: ${demo.email} / ${demo.password}`);
  for (const d of demo.devices) console.log(`  device "${d.name}" access token ${d.accessToken}`);
} finally {
  await clients.close();
}
