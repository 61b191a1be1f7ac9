"use client";
import { Button, Dialog } from "@industryos/ui";
import type { ComponentProps } from "react";

/**
 * A secret the platform keeps only a hash of, shown right after it is made (a webhook's signing secret, an
 * edge's secret): `children` say what it is and show it; one button closes, once the user has it.
 */
export function ShownOnceDialog({ children, ...dialog }: ComponentProps<typeof Dialog>) {
  return (
    <Dialog {...dialog}>
      <div className="space-y-3">
        {children}
        <div className="flex justify-end">
          <Button onClick={dialog.onClose}>I have stored it</Button>
        </div>
      </div>
    </Dialog>
  );
}
