"use client";
import { useState } from "react";
import { Button } from "../button.tsx";
import { Dialog } from "../dialog.tsx";
import { SelectField, TextField } from "../field.tsx";
import type { DashboardConfig } from "../widgets/widget-config.ts";
import { addState, removeState } from "./dashboard-states.ts";

const newStateId = () => `state-${(globalThis.crypto?.randomUUID?.() ?? `${Date.now()}${Math.random()}`).slice(0, 8)}`;

/** The problem with a new state's name, in words, or null. */
export function stateNameProblem(config: DashboardConfig, name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return "Give the state a name.";
  if (trimmed.length > 100) return "Keep the name to 100 characters.";
  if ((config.states ?? []).some((s) => s.name.toLowerCase() === trimmed.toLowerCase()))
    return "This dashboard already has a state with this name.";
  return null;
}

/**
 * Edit mode's choice of which state's widgets are being edited, and adding or removing named states
 * (e.g. a "Device details" state that map markers and table rows open).
 */
export function StatePicker(props: {
  config: DashboardConfig;
  stateId: string | null;
  onShow: (stateId: string | null) => void;
  onChange: (config: DashboardConfig) => void;
}) {
  const { config, stateId, onShow, onChange } = props;
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [tried, setTried] = useState(false);
  const problem = stateNameProblem(config, name);
  return (
    <div className="flex flex-wrap items-end gap-2" data-testid="state-picker">
      <div className="w-56">
        <SelectField
          label="Dashboard state"
          value={stateId ?? ""}
          options={[
            { value: "", label: "Default" },
            ...(config.states ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(e) => onShow(e.target.value || null)}
        />
      </div>
      <Button
        variant="secondary"
        onClick={() => {
          setName("");
          setTried(false);
          setNaming(true);
        }}
      >
        Add state
      </Button>
      {stateId && (
        <Button
          variant="ghost"
          onClick={() => {
            onChange(removeState(config, stateId));
            onShow(null);
          }}
        >
          Remove state
        </Button>
      )}
      <Dialog open={naming} title="Add dashboard state" onClose={() => setNaming(false)}>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (problem) return;
            const id = newStateId();
            onChange(addState(config, id, name.trim()));
            setNaming(false);
            onShow(id);
          }}
        >
          <TextField
            label="State name"
            hint="Map markers and table rows can open it for the entity clicked."
            value={name}
            error={tried ? (problem ?? undefined) : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setNaming(false)}>
              Cancel
            </Button>
            <Button type="submit">Add state</Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
