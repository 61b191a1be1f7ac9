export { startLocalStack } from "./local-stack.ts";
