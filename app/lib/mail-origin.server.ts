import type { AppConfig } from "./env.server";

/** Where links in emails point and what their Message-IDs end in. */
export interface MailOrigin {
  origin: string;
  messageIdDomain: string;
}

/**
 * Links in emails use APP_URL, else this machine's loopback address; never the request's Host
 * header, which anyone can forge to have a reset or personal link point at their own host.
 * Message-IDs end in the sending address's domain.
 */
export function mailOrigin(config: AppConfig): MailOrigin {
  return {
    origin: config.publicOrigin,
    messageIdDomain: config.smtpFrom.split("@")[1] ?? "nanum.local",
  };
}
