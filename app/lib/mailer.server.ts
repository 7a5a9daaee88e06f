import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type SendMailOptions, type TransportOptions } from "nodemailer";
import type { EmailAttachment } from "../../db/schema";

export interface MailMessage {
  messageId: string;
  from: { name: string; address: string };
  to: { name: string; address: string };
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  ics?: string | null;
  attachments?: EmailAttachment[];
}

export interface MailTransport {
  /** "smtp" delivers; "local" keeps each message as an .eml file and delivers nothing. */
  kind: "smtp" | "local";
  /** Resolves with the server's reply (or where the file went); rejects with the SMTP error. */
  send(message: MailMessage): Promise<{ response: string }>;
  close(): void;
}

function toNodemailer(message: MailMessage): SendMailOptions {
  return {
    messageId: message.messageId,
    from: message.from,
    to: message.to,
    replyTo: message.replyTo ?? undefined,
    subject: message.subject,
    text: message.text,
    html: message.html,
    icalEvent: message.ics ? { method: /METHOD:CANCEL/.test(message.ics) ? "CANCEL" : "REQUEST", content: message.ics } : undefined,
    attachments: message.attachments?.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      content: Buffer.from(file.contentBase64, "base64"),
      cid: file.cid,
    })),
  };
}

/** Pooled SMTP to the relay in SMTP_URL (smtp:// or smtps://). */
export function smtpTransport(smtpUrl: string, options: { maxConnections?: number } = {}): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as TransportOptions);
  return {
    kind: "smtp",
    async send(message) {
      const info = (await transporter.sendMail(toNodemailer(message))) as { response?: string };
      return { response: info.response ?? "accepted" };
    },
    close: () => transporter.close(),
  };
}

/**
 * Without SMTP_URL: each message becomes an .eml file under DATA_DIR/mail, where the
 * organizer can read it; the outbox records it as "stored", never as "sent".
 */
export function localTransport(directory: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    kind: "local",
    async send(message) {
      const info = (await transporter.sendMail(toNodemailer(message))) as { message: Buffer };
      await fs.mkdir(directory, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomBytes(4).toString("hex")}.eml`;
      const file = path.join(directory, name);
      await fs.writeFile(file, info.message);
      return { response: `stored in ${file}` };
    },
    close: () => transporter.close(),
  };
}

/** Whether a failed send may succeed later (4xx, network) or never will (5xx). */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export function describeFailure(error: unknown): string {
  const e = error as { response?: string; message?: string; code?: string } | null;
  return (e?.response ?? e?.message ?? String(error)).slice(0, 1000) + (e?.code && !e.response ? ` (${e.code})` : "");
}
