// Messages between bench/connections/run.ts and its load-generator processes (generator.ts).

export type GeneratorCommand =
  | {
      type: "connect";
      host: string;
      port: number;
      localAddress: string;
      tokens: string[];
      /** CONNECTs awaiting their CONNACK at any moment, in this process. */
      inFlight: number;
      keepaliveS: number;
    }
  | { type: "publish"; rate: number; durationS: number }
  | { type: "close" };

export type GeneratorReply =
  | { type: "connected"; connected: number; failed: number; firstError?: string; seconds: number }
  | {
      type: "published";
      sent: number;
      acked: number;
      failed: number;
      ackedPerStretch: number[];
      latencies: number[];
    }
  | { type: "closed" };
