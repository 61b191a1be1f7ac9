"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Badge, Button, Card, ConfirmDialog, Dialog, PageHeader, QueryView, TextField } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { FormError } from "../form-error.tsx";
import { useTRPC } from "../trpc.ts";
import { errorAt } from "./field-errors.ts";
import { NotificationTabs } from "./notification-tabs.tsx";
import { CHANNEL_LABELS } from "./status-badges.tsx";

type Settings = RouterOutputs["notificationSettings"]["get"];
type Provider = "EMAIL" | "SMS" | "SLACK";
type Channel = "IN_APP" | "EMAIL" | "SMS" | "SLACK" | "WEBHOOK";

const SECRET_KEPT = "•••••••• (stored; leave empty to keep)";

/** /notifications/settings: the workspace's providers (secrets write-only), rate limits, and a test per channel. */
export function SettingsPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.notificationSettings.get.queryOptions());
  const [testing, setTesting] = useState<Channel | null>(null);
  return (
    <>
      <NotificationTabs />
      <PageHeader
        title="Notification settings"
        description="Your accounts at the providers notifications go out through. Secrets are stored encrypted and never shown again."
      />
      <QueryView query={settings} errorTitle="Could not load the notification settings">
        {(s) => (
          <div className="grid gap-6 lg:grid-cols-2">
            <ProviderCard provider="EMAIL" settings={s} title="Email (Resend)" onTest={() => setTesting("EMAIL")} />
            <ProviderCard provider="SMS" settings={s} title="SMS (Twilio)" onTest={() => setTesting("SMS")} />
            <ProviderCard provider="SLACK" settings={s} title="Slack" onTest={() => setTesting("SLACK")} />
            <RateLimitsCard settings={s} />
            <Card title="In-app and webhooks">
              <p className="text-sm text-slate-600">
                Nothing to configure: in-app notifications land in the users’ inbox, webhooks go to their target’s URL.
              </p>
              <div className="mt-3 flex gap-2">
                <Button variant="secondary" onClick={() => setTesting("IN_APP")}>
                  Send test to my inbox
                </Button>
                <Button variant="secondary" onClick={() => setTesting("WEBHOOK")}>
                  Send test webhook
                </Button>
              </div>
            </Card>
          </div>
        )}
      </QueryView>
      <Dialog
        open={testing !== null}
        title={`Send a test ${testing ? CHANNEL_LABELS[testing] : ""} notification`}
        onClose={() => setTesting(null)}
      >
        {testing && <SendTest key={testing} channel={testing} onClose={() => setTesting(null)} />}
      </Dialog>
    </>
  );
}

const FIELDS: Record<
  Provider,
  {
    name: string;
    label: string;
    secret?: boolean;
    /** The view's flag saying this secret is stored (default: the provider is configured). */
    setFlag?: string;
    placeholder?: string;
    hint?: string;
  }[]
> = {
  EMAIL: [
    {
      name: "from",
      label: "Sender",
      placeholder: "Alerts <alerts@example.com>",
      hint: "An address of a domain verified at Resend",
    },
    { name: "apiKey", label: "API key", secret: true, placeholder: "re_…" },
    {
      name: "webhookSecret",
      label: "Webhook signing secret",
      secret: true,
      setFlag: "webhookSecretSet",
      placeholder: "whsec_…",
      hint: "Of a Resend webhook for email.delivered, email.bounced and email.complained sent to the address below; without it emails stay Sent",
    },
  ],
  SMS: [
    { name: "accountSid", label: "Account SID", placeholder: "AC…" },
    {
      name: "from",
      label: "From",
      placeholder: "+14155550100",
      hint: "Your Twilio number (E.164) or a messaging service SID (MG…)",
    },
    { name: "authToken", label: "Auth token", secret: true },
  ],
  SLACK: [
    {
      name: "botToken",
      label: "Bot token",
      secret: true,
      placeholder: "xoxb-…",
      hint: "Of a Slack app with chat:write (and channels:history)",
    },
  ],
};

function ProviderCard({
  provider,
  settings,
  title,
  onTest,
}: {
  provider: Provider;
  settings: Settings;
  title: string;
  onTest: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = settings.providers[provider] as Record<string, unknown> & { configured: boolean };
  const [saved, setSaved] = useState(false);
  const [removing, setRemoving] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notificationSettings.pathKey() });
  const save = useMutation(
    trpc.notificationSettings.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.notificationSettings.update.mutationOptions({
      onSuccess: () => {
        setRemoving(false);
        void refresh();
      },
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    // A secret left empty is left out: the stored one stays.
    const values = Object.fromEntries(
      FIELDS[provider].map((f) => [f.name, String(form.get(f.name) ?? "").trim()]).filter(([, v]) => v !== ""),
    );
    save.mutate({ body: { providers: { [provider]: values } } });
  };

  const status: ReactNode = state.configured ? (
    <Badge tone="green">configured</Badge>
  ) : state.usesPlatformDefault ? (
    <Badge tone="blue">platform default</Badge>
  ) : (
    <Badge>not configured</Badge>
  );
  return (
    <Card title={title} actions={status}>
      <form onSubmit={submit} className="space-y-3" aria-label={title}>
        {FIELDS[provider].map((f) => (
          <TextField
            key={f.name}
            name={f.name}
            label={f.label}
            type={f.secret ? "password" : "text"}
            autoComplete="off"
            defaultValue={f.secret ? "" : String(state[f.name] ?? "")}
            placeholder={f.secret && (f.setFlag ? state[f.setFlag] : state.configured) ? SECRET_KEPT : f.placeholder}
            hint={f.hint}
            error={errorAt(save.error, "providers", provider, f.name)}
          />
        ))}
        {provider === "EMAIL" && (
          <p className="text-sm text-slate-600">
            Resend webhook endpoint: <code className="break-all">{settings.resendWebhookUrl}</code>
          </p>
        )}
        <FormError error={save.error} fields={["providers"]} />
        {saved && !save.isPending && (
          <p role="status" className="text-sm text-green-700">
            Saved.
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          {state.configured && (
            <Button variant="ghost" onClick={() => setRemoving(true)}>
              Remove
            </Button>
          )}
          <Button variant="secondary" onClick={onTest} disabled={!state.configured && !state.usesPlatformDefault}>
            Send test
          </Button>
          <Button type="submit" busy={save.isPending}>
            Save
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={removing}
        title={`Remove the ${title} account?`}
        confirmLabel="Remove"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ body: { providers: { [provider]: null } } })}
        onClose={() => setRemoving(false)}
      >
        Its stored secret is deleted; notifications on this channel fail until an account is configured again.
      </ConfirmDialog>
    </Card>
  );
}

function RateLimitsCard({ settings }: { settings: Settings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.notificationSettings.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.notificationSettings.pathKey() });
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const rateLimits = Object.fromEntries(
      Object.keys(settings.rateLimits).map((channel) => {
        const text = String(form.get(channel) ?? "").trim();
        return [channel, text === "" ? null : Number(text)];
      }),
    );
    save.mutate({ body: { rateLimits } });
  };
  return (
    <Card title="Rate limits">
      <form onSubmit={submit} className="space-y-3" aria-label="Rate limits">
        <p className="text-sm text-slate-600">
          Notifications per minute on each channel; more wait for the next minute. Empty: the platform default.
        </p>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {Object.entries(settings.rateLimits).map(([channel, limit]) => (
            <TextField
              key={channel}
              name={channel}
              label={`${CHANNEL_LABELS[channel] ?? channel} per minute`}
              type="number"
              min={1}
              defaultValue={limit.custom ? String(limit.perMinute) : ""}
              placeholder={`${limit.default} (default)`}
              error={errorAt(save.error, "rateLimits", channel)}
            />
          ))}
        </div>
        <FormError error={save.error} fields={["rateLimits"]} />
        {saved && !save.isPending && (
          <p role="status" className="text-sm text-green-700">
            Saved.
          </p>
        )}
        <div className="flex justify-end">
          <Button type="submit" busy={save.isPending}>
            Save limits
          </Button>
        </div>
      </form>
    </Card>
  );
}

const TO: Partial<Record<Channel, { label: string; placeholder: string }>> = {
  EMAIL: { label: "Email address", placeholder: "me@example.com" },
  SMS: { label: "Phone number", placeholder: "+14155550100" },
  SLACK: { label: "Slack channel", placeholder: "#alerts" },
  WEBHOOK: { label: "URL", placeholder: "https://example.com/hook" },
};

type TestDelivery = NonNullable<RouterOutputs["notificationSettings"]["test"]["delivery"]>;

/** How the test went, in a sentence: sent, delivered, or why not (the provider's raw answer is a detail). */
function testOutcome(channel: Channel, delivery: TestDelivery, settled: boolean): { text: string; failed: boolean } {
  const reason = delivery.error ?? "the provider gave no reason";
  switch (delivery.status) {
    case "SENT":
      return { text: channel === "IN_APP" ? "Sent to your inbox." : "Sent: the provider accepted it.", failed: false };
    case "DELIVERED":
      return { text: "Delivered.", failed: false };
    case "FAILED":
      return { text: `Failed: ${reason}`, failed: true };
    case "RATE_LIMITED":
      return { text: `Not sent, the channel's rate limit was reached: ${reason}`, failed: true };
    default:
      return {
        text: settled
          ? `Not sent (${delivery.status.toLowerCase()}).`
          : "Still being sent; the Sent tab shows how it ends.",
        failed: false,
      };
  }
}

/** One test message through the workers and the provider; says how it went, the provider's answer under it. */
function SendTest({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const trpc = useTRPC();
  const send = useMutation(trpc.notificationSettings.test.mutationOptions());
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get("to") ?? "");
    send.mutate({ body: { channel, ...(to ? { to } : {}) } });
  };
  const delivery = send.data?.delivery;
  const outcome = delivery && testOutcome(channel, delivery, send.data?.settled ?? false);
  return (
    <form onSubmit={submit} className="space-y-4">
      {TO[channel] ? (
        <TextField
          name="to"
          required
          label={TO[channel].label}
          placeholder={TO[channel].placeholder}
          error={errorAt(send.error, "to")}
        />
      ) : (
        <p className="text-sm text-slate-600">A test notification goes to your own inbox; the bell counts it.</p>
      )}
      <FormError error={send.error} fields={["to"]} />
      {outcome && (
        <div role="status" className="space-y-1 rounded-md bg-slate-50 p-3 text-sm" data-testid="test-result">
          <p className={outcome.failed ? "text-red-700" : "text-slate-800"}>{outcome.text}</p>
          {delivery?.providerResponse != null && (
            <details className="text-xs text-slate-500">
              <summary className="cursor-pointer">The provider&apos;s answer</summary>
              <pre className="mt-1 overflow-x-auto">{JSON.stringify(delivery.providerResponse, null, 2)}</pre>
            </details>
          )}
        </div>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
        <Button type="submit" busy={send.isPending}>
          Send test
        </Button>
      </div>
    </form>
  );
}
