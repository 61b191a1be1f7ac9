// Creates the first system administrator (or resets its password):
//   npm run create-sysadmin -w @industryos/api -- --email admin@example.com
// The password is read from SYSADMIN_PASSWORD, or asked for on the terminal.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { databaseUrls, loadConfig } from "@industryos/config";
import { createDatabaseClients } from "@industryos/db";
import { createSystemAdmin } from "../services/admin/create-system-admin.ts";

const { values } = parseArgs({ options: { email: { type: "string" } } });
if (!values.email) {
  console.error("Usage: create-sysadmin --email <address>   (password from SYSADMIN_PASSWORD or the prompt)");
  process.exit(64);
}

let password = process.env.SYSADMIN_PASSWORD;
if (!password) {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  password = await prompt.question("Password (at least 10 characters): ");
  prompt.close();
}

const config = loadConfig();
const urls = databaseUrls(config);
const db = createDatabaseClients({ appUrl: urls.app, systemUrl: urls.system, poolSize: 1 });
try {
  const result = await createSystemAdmin(db.system, { email: values.email, password });
  console.log(`${result.created ? "Created" : "Updated the password of"} system administrator ${result.email}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
