import type { AppConfig } from "./env.server";

/** Where links in emails point and what their Message-IDs end in. */
export interface MailOrigin {
  origin: string;
  messageIdDomain: string;
}

/**
 * Links in emails use APP_URL, else the address the request came to (or, for work done by the
 * clock, this machine); Message-IDs end in the sending address's domain.
 */
export function mailOrigin(config: AppConfig, request?: Request): MailOrigin {
  return {
    origin: config.appUrl ?? (request ? new URL(request.url).origin : `http://localhost:${config.port}`),
    messageIdDomain: config.smtpFrom.split("@")[1] ?? "nanum.local",
  };
}
