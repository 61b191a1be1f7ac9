/**
 * Installs the Temporal servers the stack and the tests use (part of `npm run setup`):
 * the Temporal CLI (dev server), built with `go install`, and the Java time-skipping test
 * server, fetched with Maven. Both land in the tool cache and are reused afterwards.
 */
import {
  ensureTemporalCli,
  ensureTemporalTestServer,
  TEMPORAL_CLI_VERSION,
  TEMPORAL_TEST_SERVER_VERSION,
} from "../temporal.ts";

const cli = await ensureTemporalCli();
console.log(`Temporal CLI ${TEMPORAL_CLI_VERSION}: ${cli}`);
const testServer = await ensureTemporalTestServer();
console.log(`Temporal test server ${TEMPORAL_TEST_SERVER_VERSION}: ${testServer}`);
