"use client";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "../button.tsx";
import { Dialog } from "../dialog.tsx";
import { EntityNavigationProvider } from "../widgets/entity-navigation.tsx";
import { RenderWidget } from "../widgets/render-widget.tsx";
import type { RpcCaller } from "../widgets/rpc-widget.tsx";
import { WidgetSettingsForm, type EntityOptions } from "../widgets/settings-form.tsx";
import { WIDGET_KINDS, type DashboardConfig, type WidgetConfig, type WidgetKind } from "../widgets/widget-config.ts";
import { DashboardGrid } from "./dashboard-grid.tsx";
import type { DashboardBreakpoint } from "./responsive-layouts.ts";
import { addWidget, duplicateWidget, removeWidget, replaceWidget } from "./dashboard-editor.ts";
import { StateBreadcrumb } from "./state-breadcrumb.tsx";
import { StatePicker } from "./state-picker.tsx";
import { useStateView } from "./state-url.ts";
import { bindStateEntity, findState, screenOf, withScreen, type DashboardScreen } from "./dashboard-states.ts";
import { widgetSettingsProblems } from "../widgets/settings-problems.ts";
import { TimeWindowPicker } from "./time-window-picker.tsx";

export interface DashboardViewProps {
  title: string;
  config: DashboardConfig;
  /** Without it the dashboard is read-only (customer users, public links). */
  onSave?: (config: DashboardConfig) => Promise<void>;
  onRpc?: RpcCaller;
  options?: EntityOptions;
  /** Shown in the toolbar, e.g. the live connection's status. */
  status?: string;
  /** More toolbar buttons (e.g. Share), shown in view mode. */
  actions?: ReactNode;
}

const newId = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).slice(0, 8);

/**
 * A dashboard: a clean, responsive view, and an edit mode (drag, resize, add, configure, remove
 * widgets) for those who may save. Needs a LiveDataProvider above it for live data.
 */
export function DashboardView({
  title,
  config,
  onSave,
  onRpc,
  options = { devices: [], deviceProfiles: [], assets: [] },
  status,
  actions,
}: DashboardViewProps) {
  const [draft, setDraft] = useState(config);
  const [editing, setEditing] = useState(false);
  const [editingWidget, setEditingWidget] = useState<WidgetConfig | null>(null);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Widgets are placed on a wide grid only (see DashboardGrid); until it is measured, assume it is.
  const [breakpoint, setBreakpoint] = useState<DashboardBreakpoint>("wide");
  const wide = breakpoint === "wide";
  // The saved configuration replaces the draft whenever no edit is in progress (also right after
  // a save); during one, unsaved widgets must not vanish because the page got the dashboard again.
  useEffect(() => {
    if (!editing) setDraft(config);
  }, [config, editing]);
  // The state shown (a click on a map marker or table row opens one for its entity); null: the default state.
  const [view, setView] = useStateView();
  const state = findState(draft, view?.stateId);
  const stateId = state?.id ?? null;
  const screen = screenOf(draft, stateId);
  const byId = new Map(screen.widgets.map((w) => [w.id, w]));
  const editScreen = (edit: (s: DashboardScreen) => DashboardScreen) =>
    setDraft((d) => withScreen(d, stateId, edit(screenOf(d, stateId))));
  const problems = editingWidget ? widgetSettingsProblems(editingWidget) : {};

  async function save() {
    if (!onSave) return;
    setSaving(true);
    setError(null);
    try {
      await onSave(draft);
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="space-y-4" data-dashboard-mode={editing ? "edit" : "view"}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        <div className="flex flex-wrap items-center gap-2">
          {status && <span className="text-xs text-slate-500">{status}</span>}
          <TimeWindowPicker value={draft.timeWindow} onChange={(timeWindow) => setDraft({ ...draft, timeWindow })} />
          {!editing && actions}
          {onSave && !editing && wide && (
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {editing && (
            <>
              <Button variant="secondary" onClick={() => setAdding(true)}>
                Add widget
              </Button>
              <Button
                variant="ghost"
                onClick={() => {
                  setDraft(config);
                  setEditing(false);
                }}
              >
                Cancel
              </Button>
              <Button busy={saving} onClick={() => void save()}>
                Save
              </Button>
            </>
          )}
        </div>
      </div>
      {onSave && !wide && (
        <p className="text-sm text-slate-500" data-testid="dashboard-edit-notice">
          {editing
            ? "Widgets can be moved and resized on a wider screen; settings, Save and Cancel work here."
            : "Editing this dashboard needs a wider screen (a desktop or a tablet held sideways)."}
        </p>
      )}
      {error && <p className="text-sm text-red-600">{error}</p>}
      {editing && (
        <StatePicker
          config={draft}
          stateId={stateId}
          onShow={(id) => setView(id ? { stateId: id, entity: view?.stateId === id ? view.entity : null } : null)}
          onChange={setDraft}
        />
      )}
      {state && (
        <StateBreadcrumb
          dashboard={title}
          state={state.name}
          entity={view?.entity ?? null}
          onBack={() => setView(null)}
        />
      )}
      {screen.widgets.length === 0 && (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">
          {onSave ? "This dashboard is empty: choose Edit, then Add widget." : "This dashboard has no widgets yet."}
        </p>
      )}
      <EntityNavigationProvider open={(id, entity) => setView({ stateId: id, entity })}>
        <DashboardGrid
          key={stateId ?? ""}
          layout={screen.layout}
          editing={editing}
          onLayoutChange={(layout) => editScreen((s) => ({ ...s, layout }))}
          onBreakpointChange={setBreakpoint}
        >
          {(id) => {
            const widget = byId.get(id);
            if (!widget) return null;
            return (
              <div className="relative h-full">
                <RenderWidget
                  config={bindStateEntity(widget, view?.entity?.id ?? null)}
                  timeWindow={draft.timeWindow}
                  onRpc={onRpc}
                  readOnly={!onSave && !onRpc}
                />
                {editing && (
                  <div className="absolute bottom-1 right-6 flex gap-1 text-xs">
                    <button
                      type="button"
                      className="rounded bg-white/90 px-1.5 py-0.5 ring-1 ring-slate-200 hover:bg-slate-100"
                      onClick={() => setEditingWidget(widget)}
                    >
                      Settings
                    </button>
                    <button
                      type="button"
                      className="rounded bg-white/90 px-1.5 py-0.5 ring-1 ring-slate-200 hover:bg-slate-100"
                      onClick={() => editScreen((s) => duplicateWidget(s, id, newId()))}
                    >
                      Copy
                    </button>
                    <button
                      type="button"
                      className="rounded bg-white/90 px-1.5 py-0.5 text-red-600 ring-1 ring-slate-200 hover:bg-red-50"
                      onClick={() => editScreen((s) => removeWidget(s, id))}
                    >
                      Remove
                    </button>
                  </div>
                )}
              </div>
            );
          }}
        </DashboardGrid>
      </EntityNavigationProvider>

      <Dialog open={adding} title="Add widget" onClose={() => setAdding(false)}>
        <div className="grid grid-cols-2 gap-2">
          {WIDGET_KINDS.map((k) => (
            <Button
              key={k.kind}
              variant="secondary"
              onClick={() => {
                const id = newId();
                const next = addWidget(screen, k.kind as WidgetKind, id);
                editScreen(() => next);
                setAdding(false);
                setEditingWidget(next.widgets.find((w) => w.id === id) ?? null);
              }}
            >
              {k.label}
            </Button>
          ))}
        </div>
      </Dialog>

      <Dialog open={editingWidget !== null} title="Widget settings" onClose={() => setEditingWidget(null)}>
        {editingWidget && (
          <div className="space-y-4">
            <WidgetSettingsForm
              value={editingWidget}
              onChange={setEditingWidget}
              options={options}
              states={draft.states ?? []}
              problems={problems}
            />
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={() => setEditingWidget(null)}>
                Cancel
              </Button>
              <Button
                disabled={Object.keys(problems).length > 0}
                onClick={() => {
                  editScreen((s) => replaceWidget(s, editingWidget));
                  setEditingWidget(null);
                }}
              >
                Apply
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
