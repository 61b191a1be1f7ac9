"use client";
import { PageHeader } from "@industryos/ui";
import { RetentionCard } from "./retention-card.tsx";

export function SettingsPage() {
  return (
    <>
      <PageHeader title="Workspace settings" description="Settings that apply to the whole workspace." />
      <div className="max-w-2xl">
        <RetentionCard />
      </div>
    </>
  );
}
