"use client";
import { CopyBox } from "@industryos/ui";
import { ShownOnceDialog } from "../shown-once-dialog.tsx";

/** The signing secret, shown once (after creating a webhook or rotating its secret), with how to check a delivery. */
export function SecretDialog({
  secret,
  title,
  onClose,
}: {
  secret: string | null;
  title: string;
  onClose: () => void;
}) {
  return (
    <ShownOnceDialog open={secret !== null} title={title} onClose={onClose}>
      <p className="text-sm text-slate-600">
        This is the only time the signing secret is shown. Store it with your receiver: it checks each delivery&apos;s{" "}
        <code className="text-xs">IndustryOS-Signature</code> header with it.
      </p>
      <CopyBox value={secret ?? ""} label="Signing secret" testId="webhook-secret" />
      <p className="text-xs text-slate-500">
        The header reads <code>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>: compute HMAC-SHA256 of{" "}
        <code>&lt;t&gt;.&lt;raw body&gt;</code> with the secret, compare it with <code>v1</code>, and refuse old{" "}
        <code>t</code>. <code>IndustryOS-Delivery</code> stays the same on every retry: use it to drop duplicates.
      </p>
    </ShownOnceDialog>
  );
}
