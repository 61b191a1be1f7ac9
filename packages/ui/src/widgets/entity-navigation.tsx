"use client";
import { createContext, useContext, type ReactNode } from "react";

/** An entity a widget was clicked on, to open a dashboard state for. */
export interface OpenedEntity {
  id: string;
  name: string;
}

export type OpenEntityState = (stateId: string, entity: OpenedEntity) => void;

const OpenEntityContext = createContext<OpenEntityState | null>(null);

/** Lets map markers and entities-table rows open a dashboard state (the dashboard view provides it). */
export function EntityNavigationProvider({ open, children }: { open: OpenEntityState; children: ReactNode }) {
  return <OpenEntityContext.Provider value={open}>{children}</OpenEntityContext.Provider>;
}

/**
 * What a click on an entity does for a widget whose clicks open `stateId`: null when they open nothing
 * (no state chosen, or the widget is shown outside a dashboard).
 */
export function useOpenEntity(stateId: string | undefined): ((entity: OpenedEntity) => void) | null {
  const open = useContext(OpenEntityContext);
  if (!open || !stateId) return null;
  return (entity) => open(stateId, entity);
}
