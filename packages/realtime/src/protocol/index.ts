// The WebSocket wire format of /api/ws, shared by the server and the browser client.
export * from "./commands.ts";
export * from "./errors.ts";
export * from "./server-messages.ts";
export * from "./parse-command.ts";
