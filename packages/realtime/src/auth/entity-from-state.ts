import type { EntityDirectory } from "../entities/entity-directory.ts";
import type { SubscribeCommand } from "../protocol/index.ts";
import type { AllowedSource, NamedSource, RealtimePrincipal } from "./authenticator.ts";
import { publicAccessRefusal } from "./public-access.ts";

/**
 * A public link's "entity from state" widgets read the device their detail state was opened for,
 * and a state opens only for a device that one of its openers (a map or entities table of the
 * dashboard) shows. So the device of `command` is allowed exactly the grants whose openers include
 * it, looked up in the database as the openers' own subscriptions would resolve them (tenant,
 * customer); any other device stays unknown (NOT_FOUND), as for a source no widget names.
 */
export async function assertOpenableEntity(
  principal: RealtimePrincipal,
  command: SubscribeCommand,
  grants: AllowedSource[],
  directory: EntityDirectory,
  maxEntities: number,
): Promise<void> {
  const entity = command.entity;
  if (!entity) throw new Error("only a subscription to one entity can be an entity from state");
  const known = new Map<string, Promise<boolean>>();
  const shows = (source: NamedSource): Promise<boolean> => {
    if ("entity" in source) return Promise.resolve(source.entity.id === entity.id);
    const key = JSON.stringify(source.query);
    if (!known.has(key)) {
      const resolved = directory.resolve(principal, { query: source.query }, maxEntities);
      // An opener that cannot resolve (its asset gone, too many devices) shows no device: refuse, do not fail open.
      known.set(
        key,
        resolved.then(
          (entities) => entities.some((e) => e.id === entity.id),
          () => false,
        ),
      );
    }
    return known.get(key)!;
  };
  const reachable: AllowedSource[] = [];
  for (const grant of grants) {
    if (!("entityOf" in grant.source)) continue;
    const opened = await Promise.all(grant.source.entityOf.map(shows));
    if (opened.some(Boolean)) reachable.push({ source: { entity }, read: grant.read });
  }
  const refused = publicAccessRefusal(reachable, command);
  if (refused) throw refused;
}
