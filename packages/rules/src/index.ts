// @industryos/rules: the rule engine as a library — messages, the node library, chain checking
// and running, the script sandbox. The workers run it; the API uses it to validate chains and
// test scripts. No app is imported here.
export {
  createMessage,
  deriveMessage,
  messageIdFrom,
  MESSAGE_TYPES,
  type RuleMessage,
  type Originator,
  type MessageType,
} from "./message.ts";
export {
  defineNode,
  NODE_CATEGORIES,
  type RuleNodeType,
  type NodeOutput,
  type NodeContext,
  type NodeCategory,
} from "./node.ts";
export { NODE_TYPES } from "./registry.ts";
export {
  checkChain,
  ruleChainDefinition,
  ruleNodeSchema,
  ruleConnectionSchema,
  INPUT,
  FAILURE,
  type RuleChainDefinition,
  type CompiledChain,
  type ChainIssue,
} from "./chain.ts";
export { runChain, type ChainRun, type NodeEvent, type NodeFailure, type RunOptions } from "./runner.ts";
export {
  ALARM_SEVERITIES,
  ATTRIBUTE_SCOPES,
  RELATION_DIRECTIONS,
  type AlarmSeverity,
  type AttributeScope,
  type RelationDirection,
  type EntityFields,
  type LatestValue,
  type RuleServices,
  type AlarmChange,
  type DelayRequest,
  type MqttPublishRequest,
  NOTIFICATION_CHANNELS,
  type NotificationChannelName,
  type RuleNotification,
} from "./services.ts";
export { ScriptError, runScript, type ScriptRunner, type CompiledScript } from "./sandbox/script-runner.ts";
export { PermanentError } from "./errors.ts";
export { MAX_CHAIN_DEPTH } from "./nodes/flow-chain.ts";
export {
  createIsolatedScriptRunner,
  DEFAULT_SANDBOX_LIMITS,
  type SandboxLimits,
} from "./sandbox/isolated-script-runner.ts";
export {
  alarmRules,
  alarmRule,
  alarmCondition,
  alarmConditionSpec,
  alarmConditionValue,
  alarmDynamicValue,
  alarmSchedule,
  ALARM_CONDITION_SOURCES,
  ALARM_CONDITION_OPERATORS,
  type AlarmRules,
  type AlarmRule,
  type AlarmCondition,
  type AlarmConditionSpec,
  type AlarmConditionValue,
  type AlarmConditionSource,
  type AlarmConditionOperator,
  type AlarmSchedule,
} from "./alarm-rules.ts";
/** `left op right` for two numbers or two strings, as the threshold filter and alarm conditions compare. */
export { compareWith } from "./nodes/filter-threshold.ts";
