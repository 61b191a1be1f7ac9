"use client";
import { AlarmsWidget } from "./alarms-widget.tsx";
import { AttributesWidget } from "./attributes-widget.tsx";
import { BarByEntityWidget } from "./bar-by-entity-widget.tsx";
import { EntitiesTableWidget } from "./entities-table-widget.tsx";
import { GaugeWidget } from "./gauge-widget.tsx";
import { ImageWidget } from "./image-widget.tsx";
import { MapWidget } from "./map-widget.tsx";
import { MarkdownWidget } from "./markdown-widget.tsx";
import { RpcWidget, type RpcCaller } from "./rpc-widget.tsx";
import { StateChartWidget } from "./state-chart-widget.tsx";
import { TableWidget } from "./table-widget.tsx";
import { TimeseriesWidget } from "./timeseries-widget.tsx";
import { ValueWidget } from "./value-widget.tsx";
import type { DashboardTimeWindow, WidgetConfig } from "./widget-config.ts";

/** The component for a widget's kind. */
export function RenderWidget({
  config,
  timeWindow,
  onRpc,
  readOnly,
}: {
  config: WidgetConfig;
  timeWindow: DashboardTimeWindow;
  onRpc?: RpcCaller;
  readOnly?: boolean;
}) {
  switch (config.kind) {
    case "timeseries":
      return <TimeseriesWidget config={config} timeWindow={timeWindow} />;
    case "value":
      return <ValueWidget config={config} />;
    case "gauge":
      return <GaugeWidget config={config} />;
    case "table":
      return <TableWidget config={config} />;
    case "attributes":
      return <AttributesWidget config={config} />;
    case "rpc":
      return <RpcWidget config={config} onRpc={onRpc} readOnly={readOnly} />;
    case "markdown":
      return <MarkdownWidget config={config} />;
    case "alarms":
      return <AlarmsWidget config={config} />;
    case "map":
      return <MapWidget config={config} />;
    case "entitiesTable":
      return <EntitiesTableWidget config={config} />;
    case "stateChart":
      return <StateChartWidget config={config} timeWindow={timeWindow} />;
    case "barByEntity":
      return <BarByEntityWidget config={config} />;
    case "image":
      return <ImageWidget config={config} />;
  }
}
