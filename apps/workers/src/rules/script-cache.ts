import type { CompiledScript, ScriptRunner } from "@industryos/rules";

const MAX_SCRIPTS = 1_000;

/**
 * Nodes compile their script on every message (`scripts.compile(config.script)`); this keeps the
 * compiled scripts by source, so each is compiled once per process (and again only after the
 * sandbox replaced an isolate killed by a memory bomb, which the runner handles itself).
 */
export function cachedScripts(runner: ScriptRunner): ScriptRunner {
  const compiled = new Map<string, CompiledScript>();
  return {
    compile(source) {
      let script = compiled.get(source);
      if (script) {
        // Most recently used last, so the oldest goes first when the cache is full.
        compiled.delete(source);
        compiled.set(source, script);
        return script;
      }
      script = runner.compile(source);
      if (compiled.size >= MAX_SCRIPTS) compiled.delete(compiled.keys().next().value!);
      compiled.set(source, script);
      return script;
    },
  };
}
