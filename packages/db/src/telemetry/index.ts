// @industryos/db/telemetry: the telemetry store (one row per device message on plain PostgreSQL,
// a narrow hypertable on TimescaleDB, latest values on both, one API) and attributes by scope.

/** createTelemetryStore({ appPool, systemPool }): writeBatch, writeForTenant, latest, range, aggregate, deleteRange, keys, maintain, attributes. */
export {
  createTelemetryStore,
  type TelemetryStore,
  type Flavour,
  type TsPoint,
  type AggregatePoint,
  type RangeQuery,
  type AggregateQuery,
} from "./store.ts";
/** Row types of the write paths, and a per-row validator for ingest (throws BatchValidationError). */
export { validateTelemetryRow, type TelemetryRow, type TenantTelemetryRow, type EntityPoints } from "./batch.ts";
/** The write path's encoding (validated batch, then COPY binary rows): benchmarks time a bare COPY of the same bytes. */
export { prepareTelemetryBatch, type PreparedBatch } from "./batch.ts";
export { copyBinary, COPY_BINARY_COLUMNS } from "./copy-binary.ts";
export { copyMessageRows, COPY_MESSAGE_COLUMNS } from "./copy-message-rows.ts";
/** The framing of that COPY data: a bench streams many batches' rows under one header and trailer. */
export { HEADER_BYTES as COPY_HEADER_BYTES, TRAILER_BYTES as COPY_TRAILER_BYTES } from "./copy-format.ts";
/** Attribute rows and values; the attribute store is `store.attributes`. */
export { type AttributeRow, type AttributeValue, type AttributeStore } from "./attributes.ts";
/** Plain JSON values ({type, value} as devices sent them, without the type) and the error of a rejected batch (`issues`: row index + message). */
export { BatchValidationError, plainValue, type BatchIssue } from "./values.ts";
/** The aggregations and the plain point every reader returns (also "@industryos/db/telemetry/contract", import-free for browsers). */
export { AGGREGATIONS, type Aggregation, type PlainPoint } from "./contract.ts";
/** Plain-value reads for the API and the WebSocket server; writes of one tenant's entity for the API. */
export {
  telemetryReaderFrom,
  type TelemetryReader,
  type TelemetryHistoryQuery,
  type TelemetryWriter,
  type TelemetryWritePoint,
} from "./reader.ts";
/** How the store reaches PostgreSQL; pgTelemetryDatabase is the production one. */
export { pgTelemetryDatabase, type TelemetryDatabase, type SqlClient } from "./database.ts";
