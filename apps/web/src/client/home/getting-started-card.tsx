"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, Card } from "@industryos/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";
import { ChecklistStep } from "./checklist-step.tsx";
import { SendDataStep } from "./send-data-step.tsx";

type GettingStarted = RouterOutputs["gettingStarted"]["get"];

const PROGRESS_WIDTH = ["w-0", "w-1/4", "w-1/2", "w-3/4", "w-full"];

const LINK_BUTTON =
  "inline-flex rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700";

/** A new workspace's four first steps, the next one open; dismissible, remembered per tenant. */
export function GettingStartedCard({ state, onAddDevice }: { state: GettingStarted; onAddDevice: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.gettingStarted.get.queryKey() });
  const dismiss = useMutation(
    trpc.gettingStarted.update.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.gettingStarted.get.queryKey(), next),
    }),
  );
  const { steps } = state;
  const order = ["addDevice", "sendData", "buildDashboard", "inviteCustomer"] as const;
  const current = order.find((step) => !steps[step]);
  const doneCount = order.filter((step) => steps[step]).length;

  return (
    <Card
      title={`Get started · ${doneCount} of ${order.length} done`}
      actions={
        <Button variant="ghost" busy={dismiss.isPending} onClick={() => dismiss.mutate({ body: { dismissed: true } })}>
          Dismiss
        </Button>
      }
    >
      <div
        role="progressbar"
        aria-label="Getting started"
        aria-valuemin={0}
        aria-valuemax={order.length}
        aria-valuenow={doneCount}
        className="mb-4 h-1.5 overflow-hidden rounded-full bg-slate-100"
      >
        {/* A class per step, not an inline style: the console's CSP refuses inline styles. */}
        <div className={`h-full rounded-full bg-emerald-500 transition-all ${PROGRESS_WIDTH[doneCount]}`} />
      </div>
      <ol className="space-y-4">
        <ChecklistStep number={1} title="Add a device" done={steps.addDevice} current={current === "addDevice"}>
          <p className="text-sm text-slate-600">A sensor, a PLC or a gateway: anything that sends values.</p>
          <Button onClick={onAddDevice}>Add device</Button>
        </ChecklistStep>
        <ChecklistStep number={2} title="Send its first data" done={steps.sendData} current={current === "sendData"}>
          {state.latestDevice && <SendDataStep device={state.latestDevice} onArrived={() => void refresh()} />}
        </ChecklistStep>
        <ChecklistStep
          number={3}
          title="Build a dashboard"
          done={steps.buildDashboard}
          current={current === "buildDashboard"}
        >
          <p className="text-sm text-slate-600">Charts, gauges and cards over your devices&apos; live values.</p>
          <Link href="/dashboards" className={LINK_BUTTON}>
            Build a dashboard
          </Link>
        </ChecklistStep>
        <ChecklistStep
          number={4}
          title="Invite a customer"
          done={steps.inviteCustomer}
          current={current === "inviteCustomer"}
        >
          <p className="text-sm text-slate-600">
            Add the company you serve, assign it devices, and invite its people: they see only what is theirs.
          </p>
          <Link href="/customers" className={LINK_BUTTON}>
            Add a customer
          </Link>
        </ChecklistStep>
      </ol>
      {!current && <p className="mt-4 text-sm font-medium text-emerald-700">All done: your workspace is set up.</p>}
      {dismiss.error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {dismiss.error.message}
        </p>
      )}
    </Card>
  );
}
