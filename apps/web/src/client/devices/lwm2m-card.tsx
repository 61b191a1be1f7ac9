"use client";
import { Button, Card, QueryView, TextField, formatRelativeTime } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";

type Operation = "read" | "write" | "execute" | "observe" | "discover";

/** What a person types as a value: numbers and booleans as such, anything else as text. */
function parseValue(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (trimmed !== "" && !Number.isNaN(Number(trimmed))) return Number(trimmed);
  return text;
}

/**
 * The device's LwM2M client while it is registered: its objects, and read / write / execute /
 * observe / discover on a path with the client's answer (or its refusal in words). Nothing shows
 * for a device whose client is not registered, nor to users who cannot see the device's credentials.
 */
export function Lwm2mCard({ deviceId, canOperate }: { deviceId: string; canOperate: boolean }) {
  const trpc = useTRPC();
  // Shared with the connect card (one request): only a device with LwM2M credentials can have a registration,
  // and asking for every other device's would answer 404 (a console error) on each device page.
  const connection = useQuery({ ...trpc.devices.connectionInfo.queryOptions({ id: deviceId }), enabled: canOperate });
  const isLwm2m = connection.data?.credentials.type === "LWM2M";
  const registration = useQuery({
    ...trpc.lwm2m.registration.queryOptions({ id: deviceId }),
    enabled: isLwm2m,
    retry: false,
    refetchInterval: 10_000,
  });
  const [path, setPath] = useState("/3/0/0");
  const [value, setValue] = useState("");
  const [pathError, setPathError] = useState<string>();
  const [valueError, setValueError] = useState<string>();
  const read = useMutation(trpc.lwm2m.read.mutationOptions());
  const write = useMutation(trpc.lwm2m.write.mutationOptions());
  const execute = useMutation(trpc.lwm2m.execute.mutationOptions());
  const observe = useMutation(trpc.lwm2m.observe.mutationOptions());
  const discover = useMutation(trpc.lwm2m.discover.mutationOptions());
  const mutations = { read, write, execute, observe, discover };
  const [last, setLast] = useState<Operation>();

  if (!isLwm2m || registration.error?.data?.code === "NOT_FOUND") return null;

  const run = (operation: Operation) => {
    const badPath = !/^\/\d{1,5}(\/\d{1,5}){0,3}$/.test(path.trim());
    const noValue = operation === "write" && value.trim() === "";
    setPathError(badPath ? "Write an LwM2M path such as /3/0/0" : undefined);
    setValueError(noValue ? "Give the value to write" : undefined);
    if (badPath || noValue) return;
    setLast(operation);
    for (const mutation of Object.values(mutations)) mutation.reset();
    const body = {
      path: path.trim(),
      ...(operation === "write" || (operation === "execute" && value.trim() !== "")
        ? { value: parseValue(value) }
        : {}),
    };
    mutations[operation].mutate({ id: deviceId, body });
  };
  const current = last ? mutations[last] : undefined;

  return (
    <Card title="LwM2M client">
      <QueryView query={registration} loadingLabel="Loading the LwM2M registration…">
        {(r) => (
          <div className="space-y-3" data-testid="lwm2m-card">
            <p className="text-sm text-slate-600">
              Endpoint <b>{r.endpoint}</b> · LwM2M {r.lwm2mVersion} · binding {r.binding} · lifetime {r.lifetime} s ·
              updated {formatRelativeTime(Date.parse(r.lastUpdateAt))}
            </p>
            <ul className="flex flex-wrap gap-2 text-xs">
              {r.objects.map((o) => (
                <li key={o.path} className="rounded bg-slate-100 px-2 py-1">
                  <code>{o.path}</code> {o.name ?? ""}
                </li>
              ))}
            </ul>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              <TextField
                label="Path"
                name="lwm2m-path"
                value={path}
                onChange={(e) => setPath(e.target.value)}
                error={pathError}
              />
              <TextField
                label="Value (write, execute arguments)"
                name="lwm2m-value"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                error={valueError}
              />
            </div>
            <div className="flex flex-wrap gap-2">
              <Button type="button" onClick={() => run("read")} busy={read.isPending}>
                Read
              </Button>
              <Button type="button" variant="secondary" onClick={() => run("discover")} busy={discover.isPending}>
                Discover
              </Button>
              {canOperate && (
                <>
                  <Button type="button" variant="secondary" onClick={() => run("write")} busy={write.isPending}>
                    Write
                  </Button>
                  <Button type="button" variant="secondary" onClick={() => run("execute")} busy={execute.isPending}>
                    Execute
                  </Button>
                  <Button type="button" variant="secondary" onClick={() => run("observe")} busy={observe.isPending}>
                    Observe
                  </Button>
                </>
              )}
            </div>
            {current?.isPending && <p className="text-sm text-slate-500">Waiting for the client to answer…</p>}
            {current?.error && (
              <p role="alert" className="text-sm text-red-600">
                {current.error.message}
              </p>
            )}
            {current?.data && (
              <pre
                data-testid="lwm2m-answer"
                className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
              >
                {JSON.stringify(current.data, null, 2)}
              </pre>
            )}
          </div>
        )}
      </QueryView>
    </Card>
  );
}
