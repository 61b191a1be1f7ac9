import protobuf from "protobufjs";

/**
 * ThingsBoard's fixed protobuf messages, which a device of a PROTOBUF profile speaks where the
 * profile has no schema of its own: the gateway API (transport.proto, package transportapi), a
 * device's client-side RPC, attribute requests and updates, and the key/value messages they carry (queue.proto, package
 * transport). Only the fields a device sends or reads are declared; the field numbers and types
 * are ThingsBoard's, which is all the wire format depends on, so a device built against
 * ThingsBoard's own .proto files talks to this server unchanged.
 */
const TRANSPORT_PROTO = `
syntax = "proto3";
package transport;

enum KeyValueType { BOOLEAN_V = 0; LONG_V = 1; DOUBLE_V = 2; STRING_V = 3; JSON_V = 4; }

message KeyValueProto {
  string key = 1;
  KeyValueType type = 2;
  bool bool_v = 3;
  int64 long_v = 4;
  double double_v = 5;
  string string_v = 6;
  string json_v = 7;
}
message TsKvProto { int64 ts = 1; KeyValueProto kv = 2; }
message TsKvListProto { int64 ts = 1; repeated KeyValueProto kv = 2; }
message PostTelemetryMsg { repeated TsKvListProto tsKvList = 1; }
message PostAttributeMsg { repeated KeyValueProto kv = 1; bool shared = 2; }
message GetAttributeResponseMsg {
  int32 requestId = 1;
  repeated TsKvProto clientAttributeList = 2;
  repeated TsKvProto sharedAttributeList = 3;
  bool isMultipleAttributesRequest = 4;
  string error = 5;
  bool sharedStateMsg = 6;
}
message AttributeUpdateNotificationMsg { repeated TsKvProto sharedUpdated = 1; repeated string sharedDeleted = 2; }
message ToDeviceRpcRequestMsg {
  int32 requestId = 1;
  string methodName = 2;
  string params = 3;
  int64 expirationTime = 4;
  int64 requestIdMSB = 5;
  int64 requestIdLSB = 6;
  bool oneway = 7;
  bool persisted = 8;
}
message ToServerRpcResponseMsg { int32 requestId = 1; string payload = 2; string error = 3; }
`;

const TRANSPORT_API_PROTO = `
syntax = "proto3";
package transportapi;

message ClaimDevice { string secretKey = 1; int64 durationMs = 2; }
message AttributesRequest { string clientKeys = 1; string sharedKeys = 2; }
message RpcRequest { string method = 1; string params = 2; }
message DisconnectMsg { string deviceName = 1; }
message ConnectMsg { string deviceName = 1; string deviceType = 2; }
message TelemetryMsg { string deviceName = 1; transport.PostTelemetryMsg msg = 3; }
message AttributesMsg { string deviceName = 1; transport.PostAttributeMsg msg = 2; }
message ClaimDeviceMsg { string deviceName = 1; ClaimDevice claimRequest = 2; }
message GatewayTelemetryMsg { repeated TelemetryMsg msg = 1; }
message GatewayClaimMsg { repeated ClaimDeviceMsg msg = 1; }
message GatewayAttributesMsg { repeated AttributesMsg msg = 1; }
message GatewayRpcResponseMsg { string deviceName = 1; int32 id = 2; string data = 3; }
message GatewayAttributeResponseMsg { string deviceName = 1; transport.GetAttributeResponseMsg responseMsg = 2; }
message GatewayAttributeUpdateNotificationMsg {
  string deviceName = 1;
  transport.AttributeUpdateNotificationMsg notificationMsg = 2;
}
message GatewayDeviceRpcRequestMsg { string deviceName = 1; transport.ToDeviceRpcRequestMsg rpcRequestMsg = 2; }
message GatewayAttributesRequestMsg { int32 id = 1; string deviceName = 2; bool client = 3; repeated string keys = 4; }
`;

function compileThingsBoardMessages(): protobuf.Root {
  const root = new protobuf.Root();
  // keepCase: the names below are ThingsBoard's own (bool_v, deviceName), as its docs show them.
  protobuf.parse(TRANSPORT_PROTO, root, { keepCase: true });
  protobuf.parse(TRANSPORT_API_PROTO, root, { keepCase: true });
  root.resolveAll();
  return root;
}

const root = compileThingsBoardMessages();
const type = (name: string) => root.lookupType(name);

/** The messages by what they carry. */
export const TB_MESSAGES = {
  connect: type("transportapi.ConnectMsg"),
  disconnect: type("transportapi.DisconnectMsg"),
  gatewayTelemetry: type("transportapi.GatewayTelemetryMsg"),
  gatewayAttributes: type("transportapi.GatewayAttributesMsg"),
  gatewayClaim: type("transportapi.GatewayClaimMsg"),
  gatewayRpcResponse: type("transportapi.GatewayRpcResponseMsg"),
  gatewayAttributesRequest: type("transportapi.GatewayAttributesRequestMsg"),
  gatewayAttributeResponse: type("transportapi.GatewayAttributeResponseMsg"),
  gatewayAttributeUpdate: type("transportapi.GatewayAttributeUpdateNotificationMsg"),
  gatewayRpcRequest: type("transportapi.GatewayDeviceRpcRequestMsg"),
  claim: type("transportapi.ClaimDevice"),
  attributesRequest: type("transportapi.AttributesRequest"),
  attributesResponse: type("transport.GetAttributeResponseMsg"),
  attributeUpdate: type("transport.AttributeUpdateNotificationMsg"),
  rpcRequest: type("transportapi.RpcRequest"),
  rpcResponse: type("transport.ToServerRpcResponseMsg"),
} as const;

export type ThingsBoardMessage = keyof typeof TB_MESSAGES;

/** A KeyValueProto as toObject writes it (64-bit integers as decimal text, the enum by name). */
export interface KeyValueProtoObject {
  key: string;
  type: "BOOLEAN_V" | "LONG_V" | "DOUBLE_V" | "STRING_V" | "JSON_V";
  bool_v: boolean;
  long_v: string;
  double_v: number;
  string_v: string;
  json_v: string;
}
