import type { Logger } from "@industryos/runtime";
import { BoundedExpiringMap } from "../core/bounded-expiring-map.ts";
import type { DeviceSession } from "../core/session.ts";
import type { Lwm2mDirectory } from "./directory.ts";
import { parseDdf, withTenantModels, type ObjectModel, type ObjectModels } from "./models.ts";

/** A tenant's uploaded models are read again after this long: a new upload reaches registrations within it. */
const TTL_MS = 5_000;
const MAX_TENANTS = 10_000;

/**
 * The object models each tenant's clients are read with: the bundled ones and the tenant's uploads
 * (an upload of a bundled object id replaces it for that tenant only). Parsed once per tenant per
 * few seconds, so a storm of registrations does not parse the same files again and again.
 */
export class TenantModels {
  private readonly byTenant = new BoundedExpiringMap<Promise<ObjectModels>>(MAX_TENANTS);

  constructor(
    private readonly directory: Lwm2mDirectory,
    private readonly logger: Logger,
  ) {}

  of(session: DeviceSession): Promise<ObjectModels> {
    let models = this.byTenant.get(session.tenantId);
    if (!models) {
      models = this.load(session);
      this.byTenant.set(session.tenantId, models, TTL_MS);
      models.catch(() => this.byTenant.delete(session.tenantId));
    }
    return models;
  }

  private async load(session: DeviceSession): Promise<ObjectModels> {
    const uploaded: ObjectModel[] = [];
    for (const { id, xml } of await this.directory.uploadedModels(session)) {
      try {
        uploaded.push(...parseDdf(xml));
      } catch (error) {
        // The API validated it on upload; a file that no longer parses (a stricter parser) is left out, not fatal.
        this.logger.warn({ err: error, tenantId: session.tenantId, modelId: id }, "uploaded LwM2M model ignored");
      }
    }
    return withTenantModels(uploaded);
  }
}
