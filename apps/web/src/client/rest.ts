"use client";

/** Calls our REST API from the browser (auth pages use it: they set and clear the cookie). */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (data as { error?: { message?: string; details?: unknown } } | undefined)?.error;
    throw new RestError(error?.message ?? `Request failed (${response.status})`, response.status, error?.details);
  }
  return data as T;
}

export class RestError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}
