import type { IncomingMessage } from "coap";
import type { Lwm2mObjectLink } from "@industryos/device-bus";
import { parseLinkFormat } from "./link-format.ts";
import { bundledModels, type ObjectModels } from "./models.ts";
import { parseLwm2mPath } from "./paths.ts";

/** A refusal of a registration request, with the CoAP code it is answered with. */
export class RegistrationRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RegisterParams {
  endpoint: string;
  lifetime: number;
  lwm2mVersion: string;
  binding: string;
}

/** LwM2M's default lifetime when a client names none (LwM2M 1.1 TS Core §6.2.1). */
const DEFAULT_LIFETIME_SECONDS = 86_400;

function lifetimeOf(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const lifetime = Number(raw);
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 0xffffffff)
    throw new RegistrationRefused("4.00", `lt must be a whole number of seconds, not ${raw}`);
  return lifetime;
}

/** `POST /rd?ep=&lt=&lwm2m=&b=` (LwM2M 1.1 TS Transport §6.2.1). */
export function registerParams(query: URLSearchParams): RegisterParams {
  const endpoint = query.get("ep");
  if (!endpoint) throw new RegistrationRefused("4.00", "the endpoint name (ep) is missing");
  return {
    endpoint,
    lifetime: lifetimeOf(query.get("lt")) ?? DEFAULT_LIFETIME_SECONDS,
    lwm2mVersion: query.get("lwm2m") ?? "1.0",
    binding: query.get("b") ?? "U",
  };
}

/** `POST /rd/{id}?lt=&b=`: only what changed. */
export function updateParams(query: URLSearchParams): Partial<Pick<RegisterParams, "lifetime" | "binding">> {
  const lifetime = lifetimeOf(query.get("lt"));
  const binding = query.get("b");
  return { ...(lifetime === undefined ? {} : { lifetime }), ...(binding ? { binding } : {}) };
}

/** The object instances a registration's payload announces (`</1/0>,</3/0>`), named from the models. */
export function objectLinks(req: IncomingMessage, models: ObjectModels = bundledModels()): Lwm2mObjectLink[] {
  let links;
  try {
    links = parseLinkFormat(req.payload.toString("utf8"));
  } catch (error) {
    throw new RegistrationRefused("4.00", (error as Error).message);
  }
  // An alternate root path (`</lwm2m>;rt="oma.lwm2m"`) is not used by the clients we serve: `</>` only describes formats.
  return links.flatMap(({ path, attributes }) => {
    const parsed = parseLwm2mPath(path);
    if (!parsed || parsed.resourceId !== undefined) return [];
    const name = models.get(parsed.objectId)?.name;
    const version = typeof attributes.ver === "string" ? attributes.ver : undefined;
    return [
      {
        path: parsed.instanceId === undefined ? `/${parsed.objectId}` : `/${parsed.objectId}/${parsed.instanceId}`,
        objectId: parsed.objectId,
        ...(parsed.instanceId === undefined ? {} : { instanceId: parsed.instanceId }),
        ...(version ? { version } : {}),
        ...(name ? { name } : {}),
      },
    ];
  });
}
