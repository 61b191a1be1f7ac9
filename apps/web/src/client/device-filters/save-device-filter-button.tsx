"use client";
import { Button, PromptDialog } from "@industryos/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { fieldErrorsOf, formErrorOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import type { Criteria } from "./criteria-in-words.ts";

/**
 * "Save filter" on the devices list: the list's current search, profile and customer become a named saved filter,
 * which OTA campaigns can target (its devices are the ones matching when a campaign starts).
 */
export function SaveDeviceFilterButton({ criteria }: { criteria: Criteria }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.deviceFilters.create.mutationOptions({
      onSuccess: (filter) => {
        setOpen(false);
        setSaved(filter.name);
        void queryClient.invalidateQueries({ queryKey: trpc.deviceFilters.pathKey() });
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(save.error);
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          save.reset();
          setSaved(null);
          setOpen(true);
        }}
      >
        Save filter
      </Button>
      {saved && (
        <span role="status" className="self-center text-sm text-slate-600">
          Saved as “{saved}” ·{" "}
          <Link href="/device-filters" className="font-medium text-brand-700 underline">
            Saved filters
          </Link>
        </span>
      )}
      <PromptDialog
        open={open}
        title="Save this filter"
        label="Filter name"
        submitLabel="Save"
        busy={save.isPending}
        fieldError={fieldErrors.name}
        formError={fieldErrors.name ? undefined : formErrorOf(save.error, ["name"])}
        onSubmit={(name) => save.mutate({ body: { name, criteria } })}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
