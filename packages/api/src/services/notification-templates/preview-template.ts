import type { z } from "zod";
import { renderChannels } from "./render-template.ts";
import { SAMPLE_EVENTS } from "./sample-events.ts";
import type { previewTemplateInput } from "./schemas.ts";

/**
 * A template's channels filled from a sample event (a typical one of its kind unless given), and
 * the placeholders that event has no value for: what the editor shows beside the text.
 */
export function previewTemplate(input: z.infer<typeof previewTemplateInput>) {
  const sample = input.sample ?? SAMPLE_EVENTS[input.notificationType];
  const rendered = renderChannels(input.channels, sample);
  return { channels: rendered.channels, missing: rendered.missing, sample };
}
