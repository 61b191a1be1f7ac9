"use client";
import { Button, Card, TextField } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc.ts";

/** Sends a two-way RPC and shows the device's answer (or why there is none). */
export function RpcCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const [paramsError, setParamsError] = useState<string>();
  const send = useMutation(trpc.rpc.send.mutationOptions());

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const rawParams = String(form.get("params") ?? "").trim();
    let params: unknown = {};
    if (rawParams) {
      try {
        params = JSON.parse(rawParams);
      } catch {
        setParamsError('Params must be JSON, e.g. {"pin": 4}');
        return;
      }
    }
    setParamsError(undefined);
    send.mutate({
      id: deviceId,
      body: {
        method: String(form.get("method") ?? ""),
        params,
        timeoutMs: Number(form.get("timeout") ?? 10) * 1000,
        oneway: false,
        // One id per click: however often the request is re-sent on the way, the device gets it once.
        clientRequestId: crypto.randomUUID(),
      },
    });
  };

  return (
    <Card title="Send a command (RPC)">
      <form onSubmit={submit} className="space-y-3">
        <div className="grid grid-cols-3 gap-3">
          <div className="col-span-2">
            <TextField label="Method" name="method" required placeholder="setValve" />
          </div>
          <TextField label="Timeout (s)" name="timeout" type="number" min={1} max={600} defaultValue={10} />
        </div>
        <TextField label="Params (JSON)" name="params" placeholder='{"open": true}' error={paramsError} />
        <Button type="submit" busy={send.isPending}>
          Send
        </Button>
        <p className="text-xs text-slate-500">
          The device receives it on <code>v1/devices/me/rpc/request/+</code>. Customer users may send commands only when
          the server attribute <code>allowCustomerRpc</code> is true.
        </p>
      </form>
      {send.isPending && <p className="mt-3 text-sm text-slate-500">Waiting for the device to answer…</p>}
      {send.error && (
        <p role="alert" className="mt-3 text-sm text-red-600">
          {send.error.data?.code === "GATEWAY_TIMEOUT"
            ? "The device did not answer in time. Is it connected and subscribed to RPC?"
            : send.error.message}
        </p>
      )}
      {send.data && "response" in send.data && (
        <div className="mt-3">
          <p className="text-xs font-medium text-slate-500">Answer to request #{send.data.requestId}</p>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
            {JSON.stringify(send.data.response, null, 2)}
          </pre>
        </div>
      )}
    </Card>
  );
}
