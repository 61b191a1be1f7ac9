/**
 * The demo tenant's "Plant overview": the simulated devices (apps/ingest's demo simulator publishes
 * temperature, humidity, pressure, power and running for each) on one screen, so a newcomer who runs
 * `npm start` sees a live dashboard at once. Plain JSON in the shape of @industryos/dashboard-schema
 * (which the API validates it against in its tests); the db package does not depend on it.
 */
export const PLANT_OVERVIEW_TITLE = "Plant overview";

const AMBER = "#f59e0b";
const RED = "#dc2626";
const GREEN = "#10b981";

export function plantOverviewConfiguration(devices: Record<string, string>, defaultProfileId: string) {
  const device = (name: string) => ({ type: "device" as const, deviceId: devices[name] ?? "" });
  const temperature = (name: string, unit = "°C") => ({ key: "temperature", label: "Temperature", unit, decimals: 1 });
  const warmThresholds = [
    { from: -1000, color: GREEN },
    { from: 30, color: AMBER },
    { from: 35, color: RED },
  ];
  const widgets = [
    {
      id: "intro",
      title: "",
      kind: "markdown" as const,
      text:
        "### Plant overview\nFive simulated devices publish every few seconds over MQTT, the way real ones do. " +
        "Edit this dashboard, or open a device from **Devices** to connect your own.",
    },
    ...["Boiler room sensor", "Chiller 1", "Chiller 2", "Compressor A"].map((name, i) => ({
      id: `temp-${i}`,
      title: name,
      kind: "value" as const,
      source: device(name),
      keys: [temperature(name)],
      thresholds: warmThresholds,
    })),
    {
      id: "boiler-chart",
      title: "Boiler room: temperature and humidity",
      kind: "timeseries" as const,
      source: device("Boiler room sensor"),
      keys: [
        { key: "temperature", label: "Temperature", unit: "°C", color: "#ef4444" },
        { key: "humidity", label: "Humidity", unit: "%", color: "#3b82f6" },
      ],
      chart: "line" as const,
    },
    {
      id: "line3-pressure",
      title: "Line 3 pressure",
      kind: "gauge" as const,
      source: device("Line 3 meter"),
      keys: [{ key: "pressure", label: "Pressure", unit: "hPa", decimals: 0 }],
      min: 990,
      max: 1040,
      thresholds: [
        { from: 990, color: AMBER },
        { from: 1000, color: GREEN },
        { from: 1025, color: AMBER },
      ],
    },
    {
      id: "compressor-power",
      title: "Compressor A power",
      kind: "gauge" as const,
      source: device("Compressor A"),
      keys: [{ key: "power", label: "Power", unit: "kW", decimals: 1 }],
      min: 0,
      max: 8,
      thresholds: [
        { from: 0, color: GREEN },
        { from: 5.5, color: AMBER },
        { from: 7, color: RED },
      ],
    },
    {
      id: "power-chart",
      title: "Line 3 power",
      kind: "timeseries" as const,
      source: device("Line 3 meter"),
      keys: [{ key: "power", label: "Power", unit: "kW", color: "#8b5cf6" }],
      chart: "area" as const,
    },
    {
      id: "all-devices",
      title: "All devices",
      kind: "table" as const,
      source: { type: "devicesOfProfile" as const, deviceProfileId: defaultProfileId },
      keys: [
        { key: "temperature", label: "Temperature", unit: "°C", decimals: 1 },
        { key: "humidity", label: "Humidity", unit: "%", decimals: 0 },
        { key: "pressure", label: "Pressure", unit: "hPa", decimals: 0 },
        { key: "power", label: "Power", unit: "kW", decimals: 1 },
        { key: "running", label: "Running" },
      ],
      thresholds: [],
    },
    { id: "alarms", title: "Active alarms", kind: "alarms" as const },
  ];
  const layout = [
    { i: "intro", x: 0, y: 0, w: 12, h: 2 },
    { i: "temp-0", x: 0, y: 2, w: 3, h: 3 },
    { i: "temp-1", x: 3, y: 2, w: 3, h: 3 },
    { i: "temp-2", x: 6, y: 2, w: 3, h: 3 },
    { i: "temp-3", x: 9, y: 2, w: 3, h: 3 },
    { i: "boiler-chart", x: 0, y: 5, w: 8, h: 8 },
    { i: "line3-pressure", x: 8, y: 5, w: 4, h: 4 },
    { i: "compressor-power", x: 8, y: 9, w: 4, h: 4 },
    { i: "all-devices", x: 0, y: 13, w: 8, h: 6 },
    { i: "alarms", x: 8, y: 13, w: 4, h: 6 },
    { i: "power-chart", x: 0, y: 19, w: 12, h: 6 },
  ];
  return { version: 1 as const, widgets, layout, timeWindow: { type: "realtime" as const, lastMs: 3_600_000 } };
}
