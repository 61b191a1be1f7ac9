"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Badge, Button, ConfirmDialog, EmptyState, ListPage, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { UploadPackageDialog } from "./upload-package-dialog.tsx";

type OtaPackage = RouterOutputs["otaPackages"]["list"]["data"][number];

const size = (bytes: number | null) =>
  bytes === null ? "—" : bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;

/** /ota-packages: firmware and software packages, uploaded with progress, downloaded and deleted here. */
export function OtaPackagesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const packages = useQuery(trpc.otaPackages.list.queryOptions({ page, pageSize: 20 }));
  const profiles = useQuery(trpc.deviceProfiles.list.queryOptions({ page: 1, pageSize: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.otaPackages.list.queryKey() });
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState<OtaPackage | null>(null);
  const remove = useMutation(
    trpc.otaPackages.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  const uploadButton = <Button onClick={() => setUploading(true)}>Upload package</Button>;
  const actions = (p: OtaPackage) => (
    <span className="flex gap-3 text-xs">
      {p.hasBinary && (
        <a href={`/api/v1/ota-packages/${p.id}/download`} className="text-brand-600 hover:underline" download>
          Download
        </a>
      )}
      <button type="button" className="text-red-600 hover:underline" onClick={() => setDeleting(p)}>
        Delete
      </button>
    </span>
  );

  return (
    <ListPage
      title="OTA packages"
      description="Firmware and software for your devices. Assign one on a device or a device profile, or roll it out in stages with a campaign."
      actions={uploadButton}
      query={packages}
      empty={
        <EmptyState title="No packages yet" action={uploadButton}>
          Upload a binary; its checksum is computed as it uploads.
        </EmptyState>
      }
      rowKey={(p) => p.id}
      paging={{ page, pageSize: 20, onPage: setPage }}
      columns={[
        { header: "Title", cell: (p) => <span className="font-medium">{p.title}</span> },
        { header: "Version", cell: (p) => p.version },
        {
          header: "Type",
          cell: (p) => <Badge tone={p.type === "FIRMWARE" ? "blue" : "green"}>{p.type.toLowerCase()}</Badge>,
        },
        { header: "Size", cell: (p) => size(p.size) },
        {
          header: "Checksum",
          cell: (p) => (
            <span className="font-mono text-xs" title={p.checksum ?? ""}>
              {p.checksumAlgorithm} {p.checksum ? `${p.checksum.slice(0, 12)}…` : "—"}
            </span>
          ),
        },
        { header: "Uploaded", cell: (p) => formatDateTime(p.createdAt) },
        { header: "", cell: actions },
      ]}
      card={(p) => (
        <div className="rounded-lg bg-white p-3 text-sm shadow-sm ring-1 ring-slate-200">
          <span className="flex items-center justify-between gap-2">
            <span className="font-medium">
              {p.title} {p.version}
            </span>
            <Badge tone={p.type === "FIRMWARE" ? "blue" : "green"}>{p.type.toLowerCase()}</Badge>
          </span>
          <span className="block text-slate-500">
            {size(p.size)} · {p.checksumAlgorithm}
          </span>
          <span className="mt-1 block">{actions(p)}</span>
        </div>
      )}
    >
      <UploadPackageDialog
        open={uploading}
        profiles={profiles.data?.data ?? []}
        onClose={() => setUploading(false)}
        onUploaded={() => {
          setUploading(false);
          void refresh();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.title ?? ""} ${deleting?.version ?? ""}?`}
        confirmLabel="Delete package"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        The binary is removed too. A package still assigned to a device or profile cannot be deleted.
      </ConfirmDialog>
    </ListPage>
  );
}
