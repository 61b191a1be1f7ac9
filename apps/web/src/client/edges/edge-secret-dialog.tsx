"use client";
import { CopyBox } from "@industryos/ui";
import { ShownOnceDialog } from "../shown-once-dialog.tsx";

/** What an edge machine is started with (docs/edge.md, "At the site"): this cloud, the edge's key and secret. */
export function edgeEnvironment(cloudUrl: string, routingKey: string, secret: string): string {
  return [`EDGE_CLOUD_URL=${cloudUrl}`, `EDGE_KEY=${routingKey}`, `EDGE_SECRET=${secret}`].join("\n");
}

/** A new edge's secret, shown this once, and the environment lines its ingest and workers are started with. */
export function EdgeSecretDialog({
  created,
  onClose,
}: {
  created: { name: string; routingKey: string; secret: string } | null;
  onClose: () => void;
}) {
  return (
    <ShownOnceDialog open={created !== null} title="Edge created: copy its secret now" onClose={onClose}>
      {created && (
        <>
          <p className="text-sm text-slate-600">
            This is the only time the secret of <span className="font-medium">{created.name}</span> is shown: only a
            hash of it is kept. If it is lost, delete the edge and create a new one.
          </p>
          <CopyBox value={created.secret} label="Secret (EDGE_SECRET)" testId="edge-secret" />
          <CopyBox
            value={edgeEnvironment(window.location.origin, created.routingKey, created.secret)}
            label="Environment of the edge's ingest and workers"
            testId="edge-environment"
          />
          <p className="text-xs text-slate-500">
            Beside these, the edge machine gets its own <code>DATABASE_URL</code> and <code>REDIS_URL</code>; migrate
            its database, then start <code>apps/ingest</code> and <code>apps/workers</code>. Devices, profiles and rule
            chains come down from this workspace; what the site&apos;s devices send comes up, also after the link was
            down.
          </p>
        </>
      )}
    </ShownOnceDialog>
  );
}
