import type { ReportFileEntry } from "@industryos/temporal-client/workflows/reports";
import { Resend } from "resend";

export interface ReportEmailSettings {
  from: string;
  /** Without a key the report is kept for download but not emailed (a local install without Resend). */
  resendApiKey?: string;
  resendBaseUrl?: string;
}

export interface ReportEmail {
  /** Resend refuses a second email with the same key for a day: an activity retried after a lost answer sends once. */
  idempotencyKey: string;
  to: string[];
  subject: string;
  lines: string[];
  files: ReportFileEntry[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/** The provider refused the email: retrying the same email will not help. */
export class ReportEmailRefused extends Error {}

/** Sends the report with one attachment per CSV; says "not sent" when no provider is configured. */
export async function sendReportEmail(settings: ReportEmailSettings, email: ReportEmail): Promise<{ sent: boolean }> {
  if (!settings.resendApiKey) return { sent: false };
  const resend = new Resend(
    settings.resendApiKey,
    settings.resendBaseUrl ? { baseUrl: settings.resendBaseUrl } : undefined,
  );
  const { error } = await resend.emails.send(
    {
      from: settings.from,
      to: email.to,
      subject: email.subject,
      text: email.lines.join("\n"),
      html: email.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(""),
      attachments: email.files.map((f) => ({
        filename: f.name,
        content: Buffer.from(f.content, "utf8"),
        contentType: "text/csv",
      })),
    },
    { idempotencyKey: email.idempotencyKey },
  );
  if (!error) return { sent: true };
  const status = (error as { statusCode?: number | null }).statusCode ?? 0;
  const message = `The email provider refused the report: ${error.message}`;
  // 4xx other than rate limiting: the email itself is wrong (address, size); 5xx and 429 are worth retrying.
  if (status >= 400 && status < 500 && status !== 429) throw new ReportEmailRefused(message);
  throw new Error(message);
}
