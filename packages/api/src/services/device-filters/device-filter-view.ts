import { deviceFilterCriteria, type DeviceFilterView } from "./schemas.ts";

interface DeviceFilterRow {
  id: string;
  name: string;
  criteria: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export function toDeviceFilterView(row: DeviceFilterRow): DeviceFilterView {
  return {
    id: row.id,
    name: row.name,
    // Stored only after validation; parsed again so that a row changed by hand fails loudly instead of matching more.
    criteria: deviceFilterCriteria.parse(row.criteria),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
