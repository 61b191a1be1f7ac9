import type { AttributeScope, DeviceUplink, KeyValue, RpcStatus } from "@industryos/device-protocol";
import type { CredentialLookup, DeviceSession } from "./session.ts";

/**
 * What ingest needs from the data layer. The transports only see these interfaces; the
 * PostgreSQL implementation lives in `src/db/`.
 */
export interface DeviceDirectory {
  /** Looks an access token or certificate up (system role: the tenant is unknown until this answers). */
  findDevice(credentials: CredentialLookup): Promise<DeviceSession | null>;
  /** MQTT basic credential records by credentials id (see `basicCredentialIds`). */
  findBasicCredentials(credentialsIds: string[]): Promise<BasicCredentialRecord[]>;
  /** A password against a stored hash; a record without a hash takes any password (ThingsBoard allows that). */
  verifyPassword(passwordHash: string | null, password: string): Promise<boolean>;
  readAttributes(session: DeviceSession, scope: AttributeScope, keys: string[] | null): Promise<KeyValue[]>;
  /** A gateway's sub-device, created on first sight under the gateway's tenant with a relation to it. */
  getOrCreateSubDevice(gateway: DeviceSession, name: string, type: string | undefined): Promise<DeviceSession>;
  /**
   * Writes the activity times; answers the devices whose activity time moved from none, or from
   * one `inactiveAfterMs` or more before the new one, so the caller can tell the rule engine they
   * became active (ACTIVITY_EVENT). Implementations may answer nothing (no activity events).
   */
  recordActivity(updates: DeviceActivity[], inactiveAfterMs?: number): Promise<BecameActive[] | void>;
}

/** A device whose new activity follows a silence of at least the inactivity timeout (or none before). */
export interface BecameActive {
  tenantId: string;
  deviceId: string;
  lastActivityAt: number;
  /** The activity time before this one; null when the device never reported. */
  previousActivityAt: number | null;
}

export interface BasicCredentialRecord {
  credentialsId: string;
  passwordHash: string | null;
  session: DeviceSession;
}

export interface DeviceActivity {
  tenantId: string;
  deviceId: string;
  lastActivityAt?: number;
  lastConnectAt?: number;
  lastDisconnectAt?: number;
}

/** Persists uplinks; resolves only after the rows are committed, throws otherwise. */
export interface UplinkStore {
  write(uplinks: DeviceUplink[]): Promise<void>;
}

export interface QueuedRpc {
  requestId: number;
  method: string;
  params: unknown;
  oneway: boolean;
  expiresAt: number;
}

/** Persistent server-side RPC (ThingsBoard's RpcRequest entity). */
export interface RpcRepository {
  /** QUEUED (or SENT but unanswered) requests that have not expired, oldest first. */
  pendingFor(session: DeviceSession): Promise<QueuedRpc[]>;
  setStatus(session: DeviceSession, requestId: number, status: RpcStatus, response?: unknown): Promise<void>;
  /** Marks every QUEUED/SENT request past its expiry EXPIRED; returns how many. */
  expireOverdue(now: number): Promise<number>;
}
