import type { Agent, IncomingMessage, ObserveReadStream } from "coap";
import type { Lwm2mOperationRequest, Lwm2mOperationResult } from "@industryos/device-bus";
import { sendToClient, type ClientAddress, type ClientRequest } from "./client-requests.ts";
import { CONTENT_FORMAT, contentFormatNumber, decodeContent, type ResourceValue } from "./content-formats.ts";
import { parseLinkFormat } from "./link-format.ts";
import { resourceModel, type ObjectModels } from "./models.ts";
import { formatLwm2mPath, parseLwm2mPath, type Lwm2mPath } from "./paths.ts";
import { encodeTextValue } from "./values.ts";

/** What the CoAP error codes an LwM2M client answers with mean (LwM2M 1.1 TS Core §6.3-6.4). */
const CLIENT_ERRORS: Record<string, string> = {
  "4.00": "The client refused the request as malformed",
  "4.01": "The client refused the server's access (unauthorized)",
  "4.02": "The client refused an option of the request",
  "4.03": "The server has no access right to this path",
  "4.04": "The client has no such object, instance or resource",
  "4.05": "The client does not allow this operation on this path",
  "4.06": "The client cannot answer in an accepted content format",
  "4.15": "The client does not support the content format of the value",
  "5.00": "The client failed while handling the request",
  "5.01": "The client does not implement this operation",
};

/** One observation the server holds on a client, ended by `cancel-observe`, deregistration or expiry. */
export interface Observations {
  get(path: string): ObserveReadStream | undefined;
  set(path: string, stream: ObserveReadStream): void;
  delete(path: string): boolean;
}

export interface ClientOperationContext {
  agent: Agent;
  client: ClientAddress;
  observations: Observations;
  /** The object models of the client's tenant (bundled and uploaded): they type values both ways. */
  models: ObjectModels;
  /** Every notification of an observation started through `runClientOperation`, decoded. */
  onNotification(values: ResourceValue[]): void;
}

const fail = (code: string, message: string): Lwm2mOperationResult => ({ ok: false, code, message });

function refusal(response: IncomingMessage): Lwm2mOperationResult {
  const detail = response.payload.length > 0 ? `: ${response.payload.toString("utf8").slice(0, 200)}` : "";
  return fail(response.code, `${CLIENT_ERRORS[response.code] ?? `The client answered ${response.code}`}${detail}`);
}

function decoded(response: IncomingMessage, path: Lwm2mPath, models: ObjectModels): Lwm2mOperationResult {
  const format = contentFormatNumber(response.headers["Content-Format"]);
  const values = decodeContent(format, response.payload, path, models);
  const single = path.resourceId !== undefined && values.length === 1 ? { value: values[0]!.value } : {};
  return { ok: true, code: response.code, contentFormat: format ?? CONTENT_FORMAT.TEXT, ...single, values };
}

/** The CoAP request each operation is (LwM2M 1.1 TS Transport §6.4). */
function requestOf(
  operation: Omit<Lwm2mOperationRequest, "id">,
  path: Lwm2mPath,
  models: ObjectModels,
): ClientRequest | string {
  const text = formatLwm2mPath(path);
  switch (operation.operation) {
    case "read":
      return { method: "GET", path: text };
    case "discover":
      return { method: "GET", path: text, accept: "application/link-format" };
    case "observe":
      return { method: "GET", path: text, observe: true };
    case "execute":
      if (path.resourceId === undefined || path.resourceInstanceId !== undefined)
        return "Execute names a resource: /3/0/4";
      return {
        method: "POST",
        path: text,
        ...(operation.value === undefined
          ? {}
          : { payload: Buffer.from(String(operation.value)), contentFormat: "text/plain" }),
      };
    case "write": {
      if (path.resourceId === undefined) return "Write one resource at a time: name it, as /3/0/14";
      if (operation.value === undefined) return "Give the value to write";
      const model = resourceModel(models, path.objectId, path.resourceId);
      if (model?.type === "Opaque") {
        if (typeof operation.value !== "string") return `${model.name} takes base64 bytes`;
        return {
          method: "PUT",
          path: text,
          payload: Buffer.from(operation.value, "base64"),
          contentFormat: "application/octet-stream",
        };
      }
      try {
        return {
          method: "PUT",
          path: text,
          payload: Buffer.from(encodeTextValue(operation.value, model)),
          contentFormat: "text/plain",
        };
      } catch (error) {
        return (error as Error).message;
      }
    }
    case "cancel-observe":
      return "cancel-observe sends nothing";
  }
}

/** Runs one operation on a registered client and decodes its answer. */
export async function runClientOperation(
  context: ClientOperationContext,
  operation: Omit<Lwm2mOperationRequest, "id">,
): Promise<Lwm2mOperationResult> {
  const path = parseLwm2mPath(operation.path);
  if (!path) return fail("BAD_REQUEST", `Not an LwM2M path: ${operation.path} (write it as /3/0/0)`);
  const key = formatLwm2mPath(path);
  if (operation.operation === "cancel-observe") {
    const stream = context.observations.get(key);
    if (!stream) return fail("4.04", `No observation of ${key}`);
    context.observations.delete(key);
    // Deregisters at once (a GET with Observe 1), rather than waiting for the next notification to be reset.
    stream.close(true);
    return { ok: true, code: "2.05" };
  }
  const spec = requestOf(operation, path, context.models);
  if (typeof spec === "string") return fail("BAD_REQUEST", spec);
  const answer = await sendToClient(context.agent, context.client, spec, operation.timeoutMs);
  if (answer.timeout) return fail("TIMEOUT", `The client did not answer within ${operation.timeoutMs} ms`);
  const { response } = answer;
  if (!response.code.startsWith("2.")) return refusal(response);
  switch (operation.operation) {
    case "read":
      return decoded(response, path, context.models);
    case "discover":
      return { ok: true, code: response.code, links: parseLinkFormat(response.payload.toString("utf8")) };
    case "observe":
      return observed(context, key, path, response as ObserveReadStream);
    default:
      return { ok: true, code: response.code };
  }
}

/** The first answer of an observation is its current value; later ones are notifications. */
function observed(
  context: ClientOperationContext,
  key: string,
  path: Lwm2mPath,
  stream: ObserveReadStream,
): Lwm2mOperationResult {
  const first = decoded(stream, path, context.models);
  context.observations.get(key)?.close(true);
  context.observations.set(key, stream);
  let initial = true;
  stream.on("data", (payload: Buffer) => {
    // The stream pushes the first answer's payload too: that one is the result above, not a notification.
    if (initial) {
      initial = false;
      return;
    }
    try {
      const format = contentFormatNumber(stream.headers["Content-Format"]);
      context.onNotification(decodeContent(format, payload, path, context.models));
    } catch {
      // A notification that does not decode is dropped; the next one may.
    }
  });
  stream.on("close", () => {
    if (context.observations.get(key) === stream) context.observations.delete(key);
  });
  if (first.ok && first.values) context.onNotification(first.values);
  return first;
}
