"use client";
import { Card, PageHeader } from "@industryos/ui";
import Link from "next/link";
import { RetentionCard } from "./retention-card.tsx";

export function SettingsPage() {
  return (
    <>
      <PageHeader title="Workspace settings" description="Settings that apply to the whole workspace." />
      <div className="max-w-2xl space-y-6">
        <RetentionCard />
        <Card title="Device JWT issuers">
          <p className="text-sm text-slate-600">
            Devices can log in with tokens of your own authorization server (OAuth 2.0 / JWT).{" "}
            <Link href="/settings/jwt-issuers" className="font-medium text-brand-600 hover:underline">
              Manage JWT issuers
            </Link>
          </p>
        </Card>
        <Card title="LwM2M object models">
          <p className="text-sm text-slate-600">
            Upload the OMA DDF files of objects your LwM2M devices expose beyond the bundled ones, so their values
            arrive typed.{" "}
            <Link href="/settings/lwm2m-models" className="font-medium text-brand-600 hover:underline">
              Manage LwM2M object models
            </Link>
          </p>
        </Card>
      </div>
    </>
  );
}
