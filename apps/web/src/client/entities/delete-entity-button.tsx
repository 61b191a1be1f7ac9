"use client";
import { Button, ConfirmDialog } from "@industryos/ui";
import { useState, type ReactNode } from "react";

/** The deletion a detail page runs: a react-query mutation bound to its entity's id. */
export interface EntityDeletion {
  run: () => void;
  reset: () => void;
  isPending: boolean;
  isSuccess: boolean;
  error: { message: string } | null;
}

/**
 * A detail page's Delete, asked through the console's confirm dialog with what goes with the entity.
 * The page's mutation navigates back to the list when it succeeds; until then the dialog stays busy.
 */
export function DeleteEntityButton({
  noun,
  name,
  deletion,
  typedConfirmation,
  children,
}: {
  noun: string;
  name: string;
  deletion: EntityDeletion;
  /** For an entity that takes much with it: the text to type before the button works. */
  typedConfirmation?: string;
  /** What else goes (or stays) when it is deleted. */
  children: ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          deletion.reset();
          setAsking(true);
        }}
      >
        Delete {noun}
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Delete ${name}?`}
        confirmLabel={`Delete ${noun}`}
        busy={deletion.isPending || deletion.isSuccess}
        error={deletion.error}
        typedConfirmation={typedConfirmation}
        onConfirm={deletion.run}
        onClose={() => setAsking(false)}
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
