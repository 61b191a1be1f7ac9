// Starts the test profile's PostgreSQL and Redis and leaves them running, for running one
// package's tests by hand: `npm run services:test`, then `npx vitest` in the package.
import { startLocalServices } from "../services.ts";

const services = await startLocalServices("test", (m) => console.log(m));
console.log(`DATABASE_URL=${services.postgresUrl}`);
console.log(`REDIS_URL=${services.redisUrl}`);
