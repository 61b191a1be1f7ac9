"use client";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState } from "react";

/**
 * A list page whose rows are edited in place: the editor's row (`editor.current`: a row, or
 * `row: null` for a new one; null while closed) and reading the list again (`refresh`;
 * `closeAndRefresh` after a row's delete, for useDeleteDialog). `queryKey` is the router's
 * pathKey(), so every page of the list is read again.
 */
export function useEditableList<Row extends { id: string }>(queryKey: QueryKey) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Row | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  return {
    refresh,
    closeAndRefresh: (close: () => void) => {
      close();
      void refresh();
    },
    editor: {
      current:
        editing === null ? null : editing === "new" ? { key: "new", row: null } : { key: editing.id, row: editing },
      add: () => setEditing("new"),
      edit: (row: Row) => setEditing(row),
      close: () => setEditing(null),
      /** After a save: closed, and the list read again. */
      saved: () => {
        setEditing(null);
        void refresh();
      },
    },
  };
}
