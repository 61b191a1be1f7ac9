import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A resource of an LwM2M object model, as its DDF file defines it. */
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

/** The resource types of OMA LwM2M 1.1 (TS Core Appendix C); `None` and empty are executables'. */
const RESOURCE_TYPES = new Set([
  "String",
  "Integer",
  "Unsigned Integer",
  "Float",
  "Boolean",
  "Opaque",
  "Time",
  "Objlnk",
  "Corelnk",
  "None",
  "",
]);
const OPERATIONS = new Set(["R", "W", "RW", "E", ""]);

/** A DDF file that is not valid, with what is wrong in words (and where, for XML syntax). */
export class DdfError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Names and units are text even when they look like numbers ("1.0", "/100").
  parseTagValue: false,
  isArray: (name) => name === "Object" || name === "Item",
});

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

function id(raw: unknown, what: string): number {
  const value = text(raw);
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new DdfError(`${what} must be a number from 0 to 65535`);
  return Number(value);
}

/**
 * Parses an OMA DDF file (one or more `<Object>` definitions), checking what the LwM2M server
 * relies on: well-formed XML, numeric object and resource ids, known resource types and
 * operations, no resource id twice. Throws a DdfError naming the first problem.
 */
export function parseDdf(xml: string): ObjectModel[] {
  const syntax = XMLValidator.validate(xml);
  if (syntax !== true)
    throw new DdfError(`Not well-formed XML: ${syntax.err.msg} (line ${syntax.err.line}, column ${syntax.err.col})`);
  const document = parser.parse(xml) as { LWM2M?: { Object?: Array<Record<string, unknown>> } };
  const objects = document.LWM2M?.Object;
  if (!objects?.length) throw new DdfError("Not an LwM2M DDF file: it needs <LWM2M><Object>…</Object></LWM2M>");
  return objects.map((object) => {
    const objectId = id(object.ObjectID, "<ObjectID>");
    const name = text(object.Name);
    if (name === "") throw new DdfError(`Object ${objectId} has no <Name>`);
    const items = (object.Resources as { Item?: Array<Record<string, unknown>> } | undefined)?.Item ?? [];
    const resources = new Map<number, ResourceModel>();
    for (const item of items) {
      const resourceId = id(item.ID, `A resource ID of object ${objectId}`);
      const where = `Resource ${resourceId} of object ${objectId}`;
      if (resources.has(resourceId)) throw new DdfError(`${where} is defined twice`);
      const type = text(item.Type);
      if (!RESOURCE_TYPES.has(type)) throw new DdfError(`${where} has an unknown <Type> "${type}"`);
      const operations = text(item.Operations);
      if (!OPERATIONS.has(operations)) throw new DdfError(`${where} has unknown <Operations> "${operations}"`);
      resources.set(resourceId, {
        id: resourceId,
        name: text(item.Name),
        operations,
        multiple: text(item.MultipleInstances) === "Multiple",
        mandatory: text(item.Mandatory) === "Mandatory",
        type: type === "None" ? "" : type,
        units: text(item.Units),
      });
    }
    return {
      id: objectId,
      name,
      version: text(object.ObjectVersion) || "1.0",
      multiple: text(object.MultipleInstances) === "Multiple",
      mandatory: text(object.Mandatory) === "Mandatory",
      resources,
    };
  });
}
