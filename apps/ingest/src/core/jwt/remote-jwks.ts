import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput } from "jose";
import { RefusedError } from "../refusals.ts";

/** Fetches a JWKS document (through the outbound guard); throws when it cannot. */
export type FetchJwks = (uri: string) => Promise<JSONWebKeySet>;

export interface RemoteJwksOptions {
  /** At most one refresh in this long: a flood of tokens naming unknown kids cannot hammer the JWKS server. */
  cooldownMs: number;
  /** Keys older than this are fetched again before use (rotation without an unknown kid). */
  maxAgeMs: number;
  now?: () => number;
  /** Told of each failed fetch (at most one per cooldown). */
  onFetchError?: (uri: string, error: unknown) => void;
}

/**
 * The issuer's keys could not be fetched and none were fetched before: the login cannot be decided
 * now, which is not the device's fault (answered as the credential store being unreachable, and not
 * counted as a failed login).
 */
export class JwksUnavailableError extends RefusedError {
  constructor() {
    super("UNAVAILABLE", "the token issuer's keys cannot be fetched now; try again later");
    this.name = "JwksUnavailableError";
  }
}

type LocalSet = ReturnType<typeof createLocalJWKSet>;

/**
 * An issuer's published keys, as jose's createRemoteJWKSet keeps them (fetched on first use,
 * again on an unknown `kid` or when old, never more often than the cooldown), but fetched by the
 * caller's function so the request goes through the platform's outbound guard. While a refresh
 * fails the keys fetched last stay in use; with none, JwksUnavailableError.
 */
export class RemoteJwks {
  private keys: LocalSet | null = null;
  private fetchedAt = 0;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly uri: string,
    private readonly fetchJwks: FetchJwks,
    private readonly options: RemoteJwksOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The key for a token's header, as `jwtVerify` asks for it. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (!this.keys || this.now() - this.fetchedAt > this.options.maxAgeMs) await this.refresh();
    if (!this.keys) throw new JwksUnavailableError();
    try {
      return await this.keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.mayRefresh()) throw error;
      await this.refresh();
      return this.keys(header, token);
    }
  };

  private mayRefresh(): boolean {
    return this.now() - this.lastAttempt >= this.options.cooldownMs;
  }

  /** One fetch at a time; callers arriving meanwhile wait for it. A failed fetch keeps the old keys. */
  private refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (!this.mayRefresh()) return Promise.resolve();
    this.lastAttempt = this.now();
    this.refreshing = this.fetchJwks(this.uri)
      .then((jwks) => {
        this.keys = createLocalJWKSet(jwks);
        this.fetchedAt = this.now();
      })
      .catch((error: unknown) => this.options.onFetchError?.(this.uri, error))
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
