import { Resend } from "resend";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends through Resend when a key is configured; otherwise writes the email to the log, so a
 * local install can still reset passwords (the link is in the web process output).
 */
export async function sendEmail(deps: Pick<ApiDeps, "email" | "logger">, email: Email): Promise<void> {
  const { resendApiKey, resendBaseUrl, from } = deps.email;
  if (!resendApiKey) {
    deps.logger.info(
      { to: email.to, subject: email.subject, body: email.text },
      "email not sent (no RESEND_API_KEY); its content follows",
    );
    return;
  }
  const resend = new Resend(resendApiKey, resendBaseUrl ? { baseUrl: resendBaseUrl } : undefined);
  const { error } = await resend.emails.send({
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
  });
  if (error) {
    deps.logger.error({ to: email.to, error }, "email provider refused the message");
    throw new ApiError("INTERNAL", "The email could not be sent; try again in a minute");
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/** A plain, readable email with one action link. */
export function linkEmail(to: string, subject: string, intro: string, linkLabel: string, link: string): Email {
  return {
    to,
    subject,
    text: `${intro}\n\n${linkLabel}: ${link}\n\nIf you did not ask for this, ignore this email.`,
    html: `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(linkLabel)}</a></p><p style="color:#64748b">If you did not ask for this, ignore this email.</p>`,
  };
}
