"use client";
import { useState } from "react";
import { entityWidgetNotice, WidgetNotice } from "./entity-widget-notice.tsx";
import { useOpenEntity } from "./entity-navigation.tsx";
import { nextSort, sortEntityRows, type EntitySort } from "./entity-sort.ts";
import { entityRows } from "./entity-values.ts";
import { formatKeyValue } from "./thresholds.ts";
import { useEntityValues } from "./use-entity-values.ts";
import type { WidgetConfig } from "./widget-config.ts";
import { LiveStatus, WidgetFrame } from "./widget-frame.tsx";

function SortHeader(props: {
  label: string;
  column: EntitySort["column"];
  sort: EntitySort;
  onSort: (column: EntitySort["column"]) => void;
  alignRight?: boolean;
}) {
  const active = props.sort.column === props.column;
  return (
    <th
      aria-sort={active ? (props.sort.descending ? "descending" : "ascending") : "none"}
      className={`py-1 pr-4 font-medium ${props.alignRight ? "text-right" : ""}`}
    >
      <button type="button" className="uppercase hover:text-slate-800" onClick={() => props.onSort(props.column)}>
        {props.label}
        <span aria-hidden className="ml-1 inline-block w-2">
          {active ? (props.sort.descending ? "↓" : "↑") : ""}
        </span>
      </button>
    </th>
  );
}

/** The devices of a data source, one row each with the chosen attributes and latest telemetry; sortable by column. */
export function EntitiesTableWidget({ config }: { config: Extract<WidgetConfig, { kind: "entitiesTable" }> }) {
  const live = useEntityValues(config.source, config.columns);
  const [sort, setSort] = useState<EntitySort>({ column: "name", descending: false });
  const open = useOpenEntity(config.detailStateId);
  const rows = sortEntityRows(entityRows(live.entities, config.columns, live.values), sort);
  const onSort = (column: EntitySort["column"]) => setSort((s) => nextSort(s, column));
  const notice = entityWidgetNotice(live);
  return (
    <WidgetFrame title={config.title} status={<LiveStatus {...live} />}>
      {notice ? (
        <WidgetNotice>{notice}</WidgetNotice>
      ) : (
        <div className="h-full overflow-auto">
          <table className="min-w-full text-sm" data-entities-table>
            <thead className="sticky top-0 bg-white text-left text-xs text-slate-500">
              <tr>
                <SortHeader label="Device" column="name" sort={sort} onSort={onSort} />
                {config.columns.map((c, i) => (
                  <SortHeader key={i} label={c.label ?? c.key} column={i} sort={sort} onSort={onSort} alignRight />
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr
                  key={row.id}
                  data-entity-row={row.name}
                  className={open ? "cursor-pointer hover:bg-slate-50" : undefined}
                  onClick={open ? () => open(row) : undefined}
                >
                  <td className="py-1 pr-4 text-slate-700">
                    {open ? (
                      // The row takes the click; the button makes it reachable by keyboard too.
                      <button
                        type="button"
                        className="text-left text-brand-700 hover:underline"
                        onClick={(e) => {
                          e.stopPropagation();
                          open(row);
                        }}
                      >
                        {row.name}
                      </button>
                    ) : (
                      row.name
                    )}
                  </td>
                  {config.columns.map((c, i) => (
                    <td key={i} className="py-1 pr-4 text-right tabular-nums">
                      {formatKeyValue(row.values[i], c)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </WidgetFrame>
  );
}
