import type { ReactNode } from "react";
import { Card, PageHeader } from "./card.tsx";

export interface DetailPageProps {
  title: string;
  /** Under the title: usually the link back to the list. */
  description?: ReactNode;
  /** Buttons in the header, e.g. "Edit", "Delete". */
  actions?: ReactNode;
  /** Above the details, e.g. why an action failed (its space is kept when there is none). */
  notice?: ReactNode;
  /**
   * The record's facts in a card: label–value rows, stacked on phones and side by side from `sm`;
   * `labelWidth` is the labels' column (a Tailwind width, "w-28" unless a label is longer).
   */
  facts: { title: string; rows: [label: string, value: ReactNode][]; labelWidth?: string };
  /** Beside the facts from `lg` (under them before): what the record did, such as its runs. */
  main: ReactNode;
  /** After the page: its dialogs. */
  children?: ReactNode;
}

/** The console's page of one record: header with actions, notices, then its facts beside its history. */
export function DetailPage({ title, description, actions, notice, facts, main, children }: DetailPageProps) {
  return (
    <>
      <PageHeader title={title} description={description} actions={actions} />
      <div className="mb-3 space-y-2">{notice}</div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title={facts.title} className="lg:col-span-1">
          <dl className="space-y-2 text-sm">
            {facts.rows.map(([label, value]) => (
              <div key={label} className="flex flex-col sm:flex-row sm:gap-3">
                <dt className={`${facts.labelWidth ?? "w-28"} shrink-0 text-slate-500`}>{label}</dt>
                <dd className="min-w-0 text-slate-800">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <div className="min-w-0 lg:col-span-2">{main}</div>
      </div>
      {children}
    </>
  );
}
