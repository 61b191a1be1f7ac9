/**
 * A failure another attempt cannot fix, thrown by a node or by a RuleServices implementation:
 * a request the far end refuses (HTTP 4xx), an address the configuration forbids, a value that
 * cannot be stored. The runner reports it as not retryable, like a script error, so the
 * consumer dead-letters the message at once instead of retrying it.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentError";
  }
}
