import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs, one logger per process, named after it. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    name,
    level,
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["password", "*.password", "token", "*.token", "accessToken", "*.accessToken"],
      censor: "[redacted]",
    },
  });
}
