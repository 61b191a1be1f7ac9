"use client";
import { useEffect, useState } from "react";
import type { StateView } from "./dashboard-states.ts";

const PARAMS = ["state", "entity", "entityName"] as const;

/** The state a dashboard URL's query names (`?state=…&entity=…&entityName=…`); null: the default state. */
export function stateViewFromSearch(search: string): StateView | null {
  const params = new URLSearchParams(search);
  const stateId = params.get("state");
  if (!stateId) return null;
  const id = params.get("entity");
  return { stateId, entity: id ? { id, name: params.get("entityName") || id } : null };
}

/** The query for a state (other parameters kept); "" for the default state with nothing else. */
export function searchWithStateView(search: string, view: StateView | null): string {
  const params = new URLSearchParams(search);
  for (const name of PARAMS) params.delete(name);
  if (view) {
    params.set("state", view.stateId);
    if (view.entity) {
      params.set("entity", view.entity.id);
      // The name too, so a reloaded or shared link shows it in the breadcrumb before anything loads.
      params.set("entityName", view.entity.name);
    }
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

/**
 * The dashboard state shown, kept in the page's URL: opening a device's details is a history entry, so the
 * browser's (or the phone's) Back returns to the dashboard, and a detail link can be reloaded or shared.
 */
export function useStateView(): [StateView | null, (view: StateView | null) => void] {
  const [view, setView] = useState<StateView | null>(null);
  useEffect(() => {
    const read = () => setView(stateViewFromSearch(window.location.search));
    read();
    window.addEventListener("popstate", read);
    return () => window.removeEventListener("popstate", read);
  }, []);
  const show = (next: StateView | null) => {
    setView(next);
    const { pathname, search, hash } = window.location;
    const nextSearch = searchWithStateView(search, next);
    // Next.js keeps its router in step with pushState (it documents passing null as the state).
    if (nextSearch !== search) window.history.pushState(null, "", `${pathname}${nextSearch}${hash}`);
  };
  return [view, show];
}
