import { FAILURE, NODE_CATEGORIES, NODE_TYPES } from "@industryos/rules";
import { z } from "zod";

/** A node's configuration as JSON Schema, built once: the editor builds its forms from the schemas the API validates with. */
function configSchemaOf(config: z.ZodType): unknown {
  return z.toJSONSchema(config, { io: "input", unrepresentable: "any" });
}

/** One node type as the editor's palette shows it. */
interface PaletteEntry {
  type: string;
  category: string;
  title: string;
  description: string;
  /** What the node sends; `Failure` is always possible. */
  relations: string[];
  /** Makes messages of its own (a generator): nothing connects into it, and no message needs to reach it. */
  source?: boolean;
  configSchema: unknown;
}

let palette: ReturnType<typeof buildPalette> | undefined;

function buildPalette() {
  const order = (category: string) => NODE_CATEGORIES.indexOf(category as (typeof NODE_CATEGORIES)[number]);
  const data = [...NODE_TYPES.values()]
    .map((node): PaletteEntry => ({
      type: node.type,
      category: node.category,
      title: node.title,
      description: node.description,
      relations: [...node.relations, FAILURE],
      ...(node.source ? { source: true } : {}),
      configSchema: configSchemaOf(node.config),
    }))
    .sort((a, b) => order(a.category) - order(b.category));
  return { categories: [...NODE_CATEGORIES], data };
}

/** The editor's palette: every node type by category, with its relations and its configuration's JSON Schema. */
export async function listNodeTypes() {
  palette ??= buildPalette();
  return palette;
}
