import type { Logger } from "pino";

type Closer = () => Promise<unknown> | unknown;

/**
 * Registers cleanup steps and runs them in reverse order on SIGINT/SIGTERM, so a process
 * releases ports and connections it opened last first. A second signal exits at once.
 */
export function onShutdown(logger: Logger, options: { signals?: NodeJS.Signals[] } = {}) {
  const closers: { name: string; close: Closer }[] = [];
  let stopping = false;

  const run = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal, exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    for (const { name, close } of [...closers].reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error, step: name }, "shutdown step failed");
      }
    }
    logger.info("stopped");
    process.exit(0);
  };

  for (const signal of options.signals ?? ["SIGINT", "SIGTERM"]) process.on(signal, () => void run(signal));

  return {
    add(name: string, close: Closer) {
      closers.push({ name, close });
    },
    trigger: run,
  };
}
