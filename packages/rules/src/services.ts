import type { Originator, RuleMessage } from "./message.ts";

export const ALARM_SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INDETERMINATE"] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export interface AlarmChange {
  alarmId: string;
  /** "created", "updated" (severity or details), "cleared", or "unchanged" (a repeat). */
  change: "created" | "updated" | "cleared" | "unchanged";
}

/**
 * What rule nodes act on. The workers implement it over PostgreSQL, Redis and the device bus;
 * every action is idempotent where a redelivered message would repeat it (an alarm is keyed by
 * originator and type).
 */
export interface RuleServices {
  alarms: {
    createOrUpdate(
      tenantId: string,
      originator: Originator,
      alarm: { type: string; severity: AlarmSeverity; details: unknown; ts: number },
    ): Promise<AlarmChange>;
    clear(
      tenantId: string,
      originator: Originator,
      type: string,
      details: unknown,
      ts: number,
    ): Promise<AlarmChange | null>;
  };
  telemetry: {
    save(tenantId: string, originator: Originator, ts: number, values: Record<string, unknown>): Promise<void>;
  };
  rpc: {
    /** Answers a device's RPC request (`metadata.requestId`) with `body`. */
    reply(tenantId: string, deviceId: string, requestId: number, body: unknown): Promise<void>;
  };
  http: {
    /** An outgoing call; refuses private and link-local addresses unless configuration allows them. */
    send(request: { url: string; method: string; headers: Record<string, string>; body: string }): Promise<{
      status: number;
      body: string;
    }>;
  };
  log(message: RuleMessage, text: string): void;
}
