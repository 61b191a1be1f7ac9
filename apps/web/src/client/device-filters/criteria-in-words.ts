/** A saved filter's criteria, as the API keeps them. */
export interface Criteria {
  deviceProfileId?: string;
  type?: string;
  customerId?: string;
  search?: string;
}

/**
 * "profile Boilers · type boiler · customer ACME · name, label or type contains “pump”", or "every device"; ids whose
 * name is not known (yet) are shown as "a deleted profile".
 */
export function criteriaInWords(c: Criteria, names: { profiles: Map<string, string>; customers: Map<string, string> }) {
  const parts = [
    c.deviceProfileId && `profile ${names.profiles.get(c.deviceProfileId) ?? "(deleted)"}`,
    c.type && `type ${c.type}`,
    c.customerId && `customer ${names.customers.get(c.customerId) ?? "(deleted)"}`,
    c.search && `name, label or type contains “${c.search}”`,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "every device";
}
