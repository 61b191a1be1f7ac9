import { readdirSync, readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";

/** A resource of an object model, as its DDF file defines it. */
export interface ResourceModel {
  id: number;
  name: string;
  /** `R`, `W`, `RW`, `E` or empty (object 0's resources, which only bootstrap may touch). */
  operations: string;
  multiple: boolean;
  mandatory: boolean;
  /** `String`, `Integer`, `Unsigned Integer`, `Float`, `Boolean`, `Opaque`, `Time`, `Objlnk`, `Corelnk`, or empty for executables. */
  type: string;
  units: string;
}

export interface ObjectModel {
  id: number;
  name: string;
  version: string;
  multiple: boolean;
  mandatory: boolean;
  resources: Map<number, ResourceModel>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Names and units are text even when they look like numbers ("1.0", "/100").
  parseTagValue: false,
  isArray: (name) => name === "Object" || name === "Item",
});

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

/** Parses an OMA DDF file (one or more `<Object>` definitions); throws on a file that is not one. */
export function parseDdf(xml: string): ObjectModel[] {
  const document = parser.parse(xml) as { LWM2M?: { Object?: Array<Record<string, unknown>> } };
  const objects = document.LWM2M?.Object;
  if (!objects?.length) throw new Error("not an LwM2M DDF file: no <LWM2M><Object>");
  return objects.map((object) => {
    const id = Number(text(object.ObjectID));
    if (!Number.isInteger(id) || text(object.ObjectID) === "")
      throw new Error("an <Object> without a numeric <ObjectID>");
    const items = ((object.Resources as { Item?: Array<Record<string, unknown>> } | undefined)?.Item ?? []).map(
      (item): ResourceModel => ({
        id: Number(item.ID),
        name: text(item.Name),
        operations: text(item.Operations),
        multiple: text(item.MultipleInstances) === "Multiple",
        mandatory: text(item.Mandatory) === "Mandatory",
        type: text(item.Type),
        units: text(item.Units),
      }),
    );
    return {
      id,
      name: text(object.Name),
      version: text(object.ObjectVersion) || "1.0",
      multiple: text(object.MultipleInstances) === "Multiple",
      mandatory: text(object.Mandatory) === "Mandatory",
      resources: new Map(items.map((item) => [item.id, item])),
    };
  });
}

/** The object models the platform ships (models/*.xml, written after the OMA registry's definitions). */
export const BUNDLED_MODELS_DIR = new URL("./models/", import.meta.url);

let bundled: Map<number, ObjectModel> | undefined;

/** The bundled models by object id, read once. */
export function bundledModels(): Map<number, ObjectModel> {
  bundled ??= new Map(
    readdirSync(BUNDLED_MODELS_DIR)
      .filter((file) => file.endsWith(".xml"))
      .flatMap((file) => parseDdf(readFileSync(new URL(file, BUNDLED_MODELS_DIR), "utf8")))
      .map((model) => [model.id, model]),
  );
  return bundled;
}

export function resourceModel(objectId: number, resourceId: number): ResourceModel | undefined {
  return bundledModels().get(objectId)?.resources.get(resourceId);
}
