import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";

export const webhook = defineNode({
  type: "external.webhook",
  category: "external",
  title: "Webhook / REST call",
  description:
    "Sends the message data as JSON to a URL. A 2xx answer goes to Success with the answer in the data; anything else is a Failure (without a Failure connection, 5xx, 408 and 429 are retried). Private addresses are refused unless the server allows them.",
  config: z.object({
    url: z.url({ protocol: /^https?$/, error: "Use an http or https URL" }),
    method: z.enum(["POST", "PUT", "PATCH", "GET", "DELETE"]).default("POST"),
    headers: z.record(z.string().min(1), z.string()).default({}),
  }),
  relations: ["Success"],
  run: async (message, config, { services }) => {
    const answer = await services.http.send({
      url: config.url,
      method: config.method,
      headers: { "content-type": "application/json", ...config.headers },
      body: config.method === "GET" ? "" : JSON.stringify(message.data),
    });
    if (answer.status < 200 || answer.status > 299) {
      // 5xx, 408 and 429 may pass on another attempt (the consumer retries); any other answer will not.
      const retryable = answer.status >= 500 || answer.status === 408 || answer.status === 429;
      const text = `${config.url} answered ${answer.status}`;
      throw retryable ? new Error(text) : new PermanentError(text);
    }
    const metadata = { ...message.metadata, status: String(answer.status) };
    let data: unknown = answer.body;
    try {
      data = answer.body ? JSON.parse(answer.body) : message.data;
    } catch {
      // Not JSON: the text itself is the data.
    }
    return [{ relation: "Success", message: { ...message, data, metadata } }];
  },
});
