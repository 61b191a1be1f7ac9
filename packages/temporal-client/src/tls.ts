// TLS to a production Temporal cluster, from the TEMPORAL_TLS* settings (packages/config): one reading for
// the API's client and the workers' worker connection, so both talk to the frontend the same way.
import { readFileSync } from "node:fs";
import type { TLSConfig } from "@temporalio/client";

/** The TEMPORAL_TLS* settings; packages/config's Config has these keys. */
export interface TemporalTlsSettings {
  TEMPORAL_TLS?: boolean;
  TEMPORAL_TLS_CERT_FILE?: string;
  TEMPORAL_TLS_KEY_FILE?: string;
  TEMPORAL_TLS_CA_FILE?: string;
  TEMPORAL_TLS_SERVER_NAME?: string;
}

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`${variable}=${path} cannot be read: ${(error as Error).message}`);
  }
}

/**
 * The `tls` option of `Connection.connect` / `NativeConnection.connect`: undefined for plain gRPC (the local
 * dev server), else the CA, client certificate pair and server name that are configured. Files are read once,
 * here, so a wrong path stops the process at start with the variable's name rather than at the first call.
 */
export function temporalTls(settings: TemporalTlsSettings): TLSConfig | undefined {
  const { TEMPORAL_TLS_CERT_FILE: certFile, TEMPORAL_TLS_KEY_FILE: keyFile, TEMPORAL_TLS_CA_FILE: caFile } = settings;
  if (!settings.TEMPORAL_TLS && !certFile && !keyFile && !caFile) return undefined;
  if (!certFile !== !keyFile) {
    throw new Error("TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together (mutual TLS): set both or neither");
  }
  return {
    ...(settings.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: settings.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(caFile ? { serverRootCACertificate: readPem("TEMPORAL_TLS_CA_FILE", caFile) } : {}),
    ...(certFile && keyFile
      ? {
          clientCertPair: {
            crt: readPem("TEMPORAL_TLS_CERT_FILE", certFile),
            key: readPem("TEMPORAL_TLS_KEY_FILE", keyFile),
          },
        }
      : {}),
  };
}
