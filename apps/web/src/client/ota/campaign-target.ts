/** What a campaign was started over, from the target it recorded: "saved filter “ACME boilers”", "a filter"... */
export function campaignTargetInWords(target: unknown): string {
  const t = (target ?? {}) as Record<string, unknown>;
  if (typeof t.savedFilterName === "string") return `saved filter “${t.savedFilterName}”`;
  if (t.filter) return "a filter";
  if (Array.isArray(t.deviceIds)) return "chosen devices";
  if (t.deviceProfileId) return "a device profile";
  return "its devices";
}
