import { setTimeout as sleep } from "node:timers/promises";
import { isPlainObject } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import {
  PermanentError,
  runChain,
  type NodeEvent,
  type NodeFailure,
  type RuleServices,
  type ScriptRunner,
} from "@industryos/rules";
import type { ChainDirectory } from "./chain-directory.ts";
import type { DeviceDirectory } from "./device-directory.ts";
import { entryMessages, type EntryMessage } from "./entry-messages.ts";
import type { RuleEngineMetrics } from "./metrics.ts";
import type { ProfileAlarmEvaluator } from "./profile-alarms/evaluator.ts";
import { originatorOf, resumeOf, toRuleMessages, type ResumePoint } from "./rule-messages.ts";
import { ATTRIBUTE_CHANGE_TYPES, type AttributeCache } from "./services/attribute-cache.ts";
import type { RuleEngineSettings } from "./settings.ts";
import type { SideStreams } from "./side-streams.ts";

export interface EntryProcessorDeps {
  settings: RuleEngineSettings;
  devices: DeviceDirectory;
  chains: ChainDirectory;
  services: RuleServices;
  scripts: ScriptRunner;
  side: SideStreams;
  metrics: RuleEngineMetrics;
  logger: Logger;
  /** Device-profile alarm rules, evaluated on each device message before its chain (see `attempt`). */
  profileAlarms?: ProfileAlarmEvaluator;
  /** The services' cached attribute reads: an attributes message drops its originator's before anything runs on it. */
  attributeCache?: Pick<AttributeCache, "forget">;
}

/** One entry as read from its stream; `deliveries` is XPENDING's delivery count (1 on first read). */
export interface StreamEntry {
  partition: number;
  stream: string;
  id: string;
  fields: string[];
  deliveries: number;
}

/**
 * `done`: every message finished its chain or was dead-lettered (acknowledge the entry);
 * `retry-later`: a message still fails retryably after this delivery's attempts (leave it pending,
 * deliver it again after a while; nothing after it in the partition may run first).
 */
export type EntryOutcome = "done" | "retry-later";

type Failure = { error: string; retryable: boolean; nodeId?: string; chainId?: string };

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A run's `onEvent`, collecting into `events`. Returned by a function, not written inline as
 * `{ onEvent: (e) => ... }`: tsx names such a closure with `__name` (~0.7 µs) each time one is made.
 */
const collectInto = (events: NodeEvent[]) => (event: NodeEvent) => void events.push(event);

/**
 * Whose order a stream message must keep: its originator's (an undecodable message is alone:
 * it is only dead-lettered).
 */
function originatorKey(item: EntryMessage, index: number): string {
  if ("error" in item || !isPlainObject(item.decoded)) return `#${index}`;
  const originator = originatorOf(item.decoded);
  return originator ? `${originator.type}/${originator.id}` : `#${index}`;
}

/** Of a run's failures, the one to report: a permanent one first (retrying cannot help then). */
const worst = (failures: NodeFailure[]) => failures.find((f) => !f.retryable) ?? failures[0]!;

/**
 * Runs one entry's messages through their devices' profile alarm rules and their tenants'
 * chains, one after another in commit order.
 * Progress within an entry is remembered while it is retried in this process, so a redelivery
 * does not run the messages before the failing one again (after a claim by another process it
 * does: delivery is at least once, and alarm actions are idempotent).
 */
export function createEntryProcessor(deps: EntryProcessorDeps) {
  const { settings, logger, metrics, side } = deps;
  /**
   * Entry → its stream messages already finished (or dead-lettered), and of those that failed
   * retryably, the rule messages of them already finished (`subs`).
   */
  const progress = new Map<string, { finished: Set<number>; subs: Map<number, number> }>();

  /** Writes a run's debug events to their chains' streams (a called chain's events to its own). */
  async function writeDebugEvents(tenantId: string, chainId: string, events: NodeEvent[]) {
    const byChain = new Map<string, NodeEvent[]>();
    for (const event of events) {
      const id = event.chainId ?? chainId;
      byChain.set(id, [...(byChain.get(id) ?? []), event]);
    }
    for (const [id, list] of byChain)
      await side
        .debugEvents(tenantId, id, list)
        .catch((error: unknown) => logger.warn({ err: error, chainId: id }, "debug events not written"));
  }

  /**
   * A message coming back part-way into its chain (after a delay node, or a generator's tick): no
   * profile alarm rules (they saw the message when it first arrived), the chain named, not the
   * device's. A tick whose chain or node is gone is dropped (its schedule stops at its next
   * tick); a delayed message whose chain or node is gone fails: it has nowhere to go on to.
   */
  async function resume(message: Record<string, unknown>, at: ResumePoint, key: string): Promise<Failure | null> {
    const tenantId = String(message.tenantId);
    let chain;
    try {
      chain = await deps.chains.byId(tenantId, at.chainId);
    } catch (error) {
      return { error: `looking up the chain failed: ${text(error)}`, retryable: true };
    }
    const gone = !chain || ("chain" in chain && !chain.chain.nodes.has(at.nodeId));
    if (gone && !at.relation) {
      logger.info({ tenantId, chainId: at.chainId, nodeId: at.nodeId }, "generator tick for a removed node dropped");
      return null;
    }
    if (!chain) return { error: `rule chain ${at.chainId} no longer exists`, retryable: false, chainId: at.chainId };
    if ("error" in chain) return { error: chain.error, retryable: false, chainId: chain.id };
    let ruleMessage;
    try {
      [ruleMessage] = toRuleMessages(message, null, Date.now(), key);
    } catch (error) {
      return { error: text(error), retryable: false, chainId: chain.id };
    }
    const events: NodeEvent[] = [];
    const run = await runChain(
      chain.chain,
      ruleMessage!,
      { services: deps.services, scripts: deps.scripts, chainId: chain.id },
      { onEvent: collectInto(events), start: at },
    );
    if (events.length > 0) await writeDebugEvents(tenantId, chain.id, events);
    return run.failures.length > 0 ? { ...worst(run.failures), chainId: chain.id } : null;
  }

  /** One attempt at one stream message, from rule message `fromSub` on; returns how far it got. */
  async function attempt(
    item: Extract<EntryMessage, { decoded: unknown }>,
    key: string,
    fromSub: number,
    mark: (sub: number) => void,
  ): Promise<Failure | null> {
    const message = item.decoded as Record<string, unknown>;
    const tenantId = String(message.tenantId);
    let resumeAt;
    try {
      resumeAt = resumeOf(message);
    } catch (error) {
      return { error: text(error), retryable: false };
    }
    if (resumeAt) return resume(message, resumeAt, key);
    const originator = originatorOf(message);
    let device = null;
    let chain;
    try {
      device = originator?.type === "DEVICE" ? await deps.devices.get(tenantId, originator.id) : null;
      chain = await deps.chains.chainFor(tenantId, device?.ruleChainId ?? null);
    } catch (error) {
      return { error: `looking up the device or chain failed: ${text(error)}`, retryable: true };
    }
    // Device-profile alarm rules run here, as a built-in step before the chain, not as a rule node
    // (`action.deviceProfile`) a chain must include. ThingsBoard users expect a profile's alarm
    // rules to work without touching a chain; here they do for every device, whatever chain its
    // profile names, and even for a tenant without one, and a chain edit cannot switch them off
    // by mistake or run them twice. Running in the consumer itself keeps them in the partition's
    // per-originator order and inside the entry's retries: a failure here is retried like a
    // chain's, and the evaluation is idempotent (a message already evaluated changes nothing).
    const alarmRules = device ? deps.profileAlarms : undefined;
    if (!chain && !alarmRules) return null; // The tenant has no chain: nothing to do.
    if (chain && "error" in chain && !alarmRules) return { error: chain.error, retryable: false, chainId: chain.id };
    let ruleMessages;
    try {
      ruleMessages = toRuleMessages(message, device, Date.now(), key);
    } catch (error) {
      return { error: text(error), retryable: false, chainId: chain?.id };
    }
    const context = { services: deps.services, scripts: deps.scripts, chainId: chain?.id };
    for (let sub = fromSub; sub < ruleMessages.length; sub++) {
      const ruleMessage = ruleMessages[sub]!;
      if (ATTRIBUTE_CHANGE_TYPES.has(ruleMessage.type))
        deps.attributeCache?.forget(tenantId, ruleMessage.originator.id);
      if (alarmRules && device)
        try {
          await alarmRules.evaluate(tenantId, device, ruleMessages[sub]!);
        } catch (error) {
          return {
            error: `device profile alarm rules: ${text(error)}`,
            retryable: !(error instanceof PermanentError),
          };
        }
      if (!chain || "error" in chain) {
        mark(sub + 1);
        continue;
      }
      const events: NodeEvent[] = [];
      const run = await runChain(chain.chain, ruleMessages[sub]!, context, { onEvent: collectInto(events) });
      if (events.length > 0) await writeDebugEvents(tenantId, chain.id, events);
      if (run.failures.length > 0) {
        const failure = worst(run.failures);
        return { ...failure, chainId: chain.id };
      }
      mark(sub + 1);
    }
    // A chain that cannot run fails the message (dead-lettered) once its alarm rules were evaluated.
    if (chain && "error" in chain) return { error: chain.error, retryable: false, chainId: chain.id };
    return null;
  }

  async function deadLetter(entry: StreamEntry, raw: string, failure: Failure, attempts: number) {
    let tenantId: unknown;
    try {
      tenantId = (JSON.parse(raw) as { tenantId?: unknown }).tenantId;
    } catch {
      // not JSON at all
    }
    if (typeof tenantId !== "string" || !tenantId) {
      logger.error({ stream: entry.stream, entryId: entry.id, error: failure.error }, "message of no tenant dropped");
      return;
    }
    await side.deadLetter({
      tenantId,
      message: raw,
      error: failure.error,
      attempts,
      stream: entry.stream,
      nodeId: failure.nodeId,
      chainId: failure.chainId,
    });
    metrics.deadLettered(entry.partition);
    logger.warn(
      { tenantId, stream: entry.stream, entryId: entry.id, nodeId: failure.nodeId, error: failure.error, attempts },
      "message dead-lettered",
    );
  }

  /**
   * One stream message of an entry, from rule message `fromSub` on: its runs with retries, or its
   * dead letter. `retry-later` with how far it got when it still fails retryably after this
   * delivery's attempts.
   */
  async function finish(
    entry: StreamEntry,
    item: EntryMessage,
    index: number,
    fromSub: number,
    stopping: () => boolean,
  ): Promise<{ outcome: "finished" | "dead-lettered" } | { outcome: "retry-later"; sub: number }> {
    if ("error" in item) {
      await deadLetter(entry, item.raw, { error: item.error, retryable: false }, 1);
      return { outcome: "dead-lettered" };
    }
    let sub = fromSub;
    for (let run = 1; ; run++) {
      const failure = await attempt(item, `${entry.stream}/${entry.id}/${index}`, sub, (next) => (sub = next));
      if (!failure) return { outcome: "finished" };
      metrics.failed(entry.partition, failure.retryable);
      const attempts = (entry.deliveries - 1) * settings.retryAttempts + run;
      if (!failure.retryable) {
        await deadLetter(entry, item.raw, failure, attempts);
        return { outcome: "dead-lettered" };
      }
      if (run < settings.retryAttempts && !stopping()) {
        await sleep(Math.min(settings.retryBackoffMs * 2 ** (run - 1), 10_000));
        continue;
      }
      if (entry.deliveries >= settings.maxDeliveries) {
        await deadLetter(entry, item.raw, failure, attempts);
        return { outcome: "dead-lettered" };
      }
      logger.warn(
        { stream: entry.stream, entryId: entry.id, deliveries: entry.deliveries, error: failure.error },
        "message failed retryably; the entry stays pending and is delivered again",
      );
      return { outcome: "retry-later", sub };
    }
  }

  return {
    /**
     * `stopping()` true: do not wait out a backoff, leave the entry pending for whoever takes the
     * partition. The entry's messages of one originator run one after another, in entry order;
     * those of different originators run side by side (ThingsBoard's "sequential by originator"),
     * so their script nodes cross into the sandbox together (one crossing for all of them) and a
     * device whose message waits for a retry does not hold up the others. A message that still
     * fails retryably stops only its originator's later messages; the entry stays pending, and
     * when it is delivered again in this process only what did not finish runs.
     */
    async process(entry: StreamEntry, stopping: () => boolean = () => false): Promise<EntryOutcome> {
      const key = `${entry.stream}/${entry.id}`;
      let items: EntryMessage[];
      try {
        items = entryMessages(entry.fields);
      } catch (error) {
        logger.error({ stream: entry.stream, entryId: entry.id, err: text(error) }, "unreadable entry dropped");
        return "done";
      }
      const done = progress.get(key) ?? { finished: new Set<number>(), subs: new Map<number, number>() };
      // Counted once per entry: the counter's labels are hashed on every call.
      let finished = 0;
      let retryLater = false;
      const runInOrder = async (indexes: number[]) => {
        for (const i of indexes) {
          const result = await finish(entry, items[i]!, i, done.subs.get(i) ?? 0, stopping);
          if (result.outcome === "retry-later") {
            done.subs.set(i, result.sub);
            retryLater = true;
            return; // nothing after it of this originator runs first
          }
          if (result.outcome === "finished") finished++;
          done.finished.add(i);
          done.subs.delete(i);
        }
      };
      try {
        const byOriginator = new Map<string, number[]>();
        for (let i = 0; i < items.length; i++) {
          if (done.finished.has(i)) continue;
          const who = originatorKey(items[i]!, i);
          const indexes = byOriginator.get(who);
          if (indexes) indexes.push(i);
          else byOriginator.set(who, [i]);
        }
        if (byOriginator.size === 1) await runInOrder(byOriginator.values().next().value!);
        else if (byOriginator.size > 1) await Promise.all(Array.from(byOriginator.values(), runInOrder));
        if (retryLater) {
          progress.set(key, done);
          if (progress.size > 10_000) progress.delete(progress.keys().next().value!);
          return "retry-later";
        }
        progress.delete(key);
        return "done";
      } finally {
        if (finished > 0) metrics.processed(entry.partition, finished);
      }
    },
  };
}

export type EntryProcessor = ReturnType<typeof createEntryProcessor>;
