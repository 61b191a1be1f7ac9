/** The empty state of an entity widget (map, entities table), or null when it has something to show. */
export function entityWidgetNotice(live: { source: unknown; loading: boolean; entities: unknown[] }): string | null {
  if (!live.source) return "Choose where the devices come from in the widget's settings.";
  if (!live.loading && live.entities.length === 0) return "No devices match this data source.";
  return null;
}

export function WidgetNotice({ children }: { children: string }) {
  return <p className="flex h-full items-center justify-center p-2 text-center text-sm text-slate-400">{children}</p>;
}
