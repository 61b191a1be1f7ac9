import type { NamedOperation } from "../operations/registry.ts";

interface CompiledOperation {
  named: NamedOperation;
  pattern: RegExp;
  names: string[];
}

/** Compiles `/devices/{id}/attributes/{scope}` into a matcher that yields named params. */
export function compileOperations(operations: NamedOperation[]) {
  const compiled: CompiledOperation[] = operations.map((named) => {
    const names: string[] = [];
    const source = named.operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { named, pattern: new RegExp(`^${source}/?$`), names };
  });

  return function match(method: string, path: string) {
    let pathMatched = false;
    for (const { named, pattern, names } of compiled) {
      const m = pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (named.operation.method !== method) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? "")]));
      return { ...named, params } as const;
    }
    return pathMatched ? ("method-not-allowed" as const) : null;
  };
}
