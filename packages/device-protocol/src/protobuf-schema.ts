import protobuf from "protobufjs";
import {
  PROTO_PAYLOADS,
  protoMessageField,
  protoSchemaField,
  type PayloadTransportConfig,
  type ProtoPayload,
} from "./transport-payload.ts";

export type ProtoMessageType = protobuf.Type;

/** A schema that does not compile, with the compiler's words. */
export class ProtoSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtoSchemaError";
  }
}

/** Every message type a namespace declares, nested ones included, in declaration order. */
function topLevelMessages(root: protobuf.NamespaceBase): protobuf.Type[] {
  const found: protobuf.Type[] = [];
  for (const nested of root.nestedArray) {
    if (nested instanceof protobuf.Type) found.push(nested);
    // A `package a.b;` wraps the file's messages in namespaces: look through them.
    else if (nested instanceof protobuf.Namespace) found.push(...topLevelMessages(nested));
  }
  return found;
}

/**
 * Compiles one `.proto` text (proto2 or proto3, no imports: a profile holds one file per payload)
 * and answers the message type payloads decode with: `messageName`, or else the last top-level
 * message, as ThingsBoard's default schemas put the payload's message last. Field names become
 * lowerCamelCase, as protobuf's JSON mapping (and so ThingsBoard) names them.
 */
export function compileProtoMessage(schema: string, messageName?: string): ProtoMessageType {
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(schema, { keepCase: false });
    parsed.root.resolveAll();
  } catch (error) {
    throw new ProtoSchemaError((error as Error).message);
  }
  if (parsed.imports?.length || parsed.weakImports?.length)
    throw new ProtoSchemaError(
      `imports are not supported: put the definitions of ${parsed.imports?.[0]} in this schema`,
    );
  if (messageName) {
    const found = parsed.root.lookup(messageName);
    if (!(found instanceof protobuf.Type)) throw new ProtoSchemaError(`the schema declares no message ${messageName}`);
    return found;
  }
  const messages = topLevelMessages(parsed.root);
  if (messages.length === 0) throw new ProtoSchemaError("the schema declares no message");
  return messages.at(-1)!;
}

/** The message types of a PROTOBUF profile; a payload without a schema is absent (it stays JSON). */
export type ProtoMessageTypes = Partial<Record<ProtoPayload, ProtoMessageType>>;

/** One problem of a profile's payload settings, at the field a form shows it beside. */
export interface ProtoSchemaIssue {
  field: string;
  message: string;
}

/**
 * Compiles every schema of a profile's payload settings. Answers the message types, or every
 * schema's problem (so a form can show them all at once).
 */
export function compilePayloadSchemas(
  config: PayloadTransportConfig,
): { ok: true; types: ProtoMessageTypes } | { ok: false; issues: ProtoSchemaIssue[] } {
  const types: ProtoMessageTypes = {};
  const issues: ProtoSchemaIssue[] = [];
  if (config.payloadType !== "PROTOBUF") return { ok: true, types };
  for (const payload of PROTO_PAYLOADS) {
    const schema = config[protoSchemaField(payload)];
    if (schema === undefined || schema.trim() === "") continue;
    try {
      types[payload] = compileProtoMessage(schema, config[protoMessageField(payload)]);
    } catch (error) {
      if (!(error instanceof ProtoSchemaError)) throw error;
      const field = config[protoMessageField(payload)] && /no message/.test(error.message) ? "Message" : "Proto";
      issues.push({ field: `${payload}${field}`, message: error.message });
    }
  }
  return issues.length === 0 ? { ok: true, types } : { ok: false, issues };
}
