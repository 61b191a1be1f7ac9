import type { AnyRestRoute } from "./route.ts";

interface CompiledRoute {
  route: AnyRestRoute;
  pattern: RegExp;
  names: string[];
}

/** Compiles `/devices/{id}/attributes/{scope}` into a matcher that yields named params. */
export function compileRoutes(routes: AnyRestRoute[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { route, pattern: new RegExp(`^${source}/?$`), names };
  });

  return function match(method: string, path: string) {
    let pathMatched = false;
    for (const { route, pattern, names } of compiled) {
      const m = pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? "")]));
      return { route, params } as const;
    }
    return pathMatched ? ("method-not-allowed" as const) : null;
  };
}
