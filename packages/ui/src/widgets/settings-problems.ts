import type { WidgetConfig } from "./widget-config.ts";

/** The settings fields a widget's settings form can flag. */
export type SettingsField = "tileUrl" | "columns" | "imageUrl" | "markers";

/** What is wrong with a widget's settings, in words, by field (empty: it can be applied). */
export function widgetSettingsProblems(widget: WidgetConfig): Partial<Record<SettingsField, string>> {
  const problems: Partial<Record<SettingsField, string>> = {};
  if (widget.kind === "map" && widget.tileUrl !== "") {
    const url = widget.tileUrl;
    if (!/^https?:\/\/[^\s]+$/.test(url))
      problems.tileUrl = "The tile URL must start with http:// or https:// (or be empty to draw no tiles).";
    else if (!["{z}", "{x}", "{y}"].every((part) => url.includes(part)))
      problems.tileUrl =
        "The tile URL must contain {z}, {x} and {y}, where the map puts each tile's zoom and position.";
  }
  if ((widget.kind === "map" || widget.kind === "entitiesTable") && widget.columns.some((c) => !c.key.trim()))
    problems.columns = "Every column needs a key: type one or remove the empty row.";
  if (widget.kind === "image") {
    if (widget.imageUrl !== "" && !/^(https?:\/\/\S+|data:image\/)/.test(widget.imageUrl))
      problems.imageUrl = "The image URL must start with https:// (or upload a picture).";
    if (widget.markers.some((m) => !m.key.trim()))
      problems.markers = "Every marker needs a key: type one or remove the marker.";
  }
  return problems;
}
