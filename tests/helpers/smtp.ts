import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SmtpSink {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Recipients the server answers 550 for. */
  rejectRecipients: Set<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A real SMTP server in the test process that keeps what it receives, parsed. */
export async function createSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const rejectRecipients = new Set<string>();
  let server: SMTPServer | undefined;
  let port = 0;
  const sink: SmtpSink = {
    received,
    rejectRecipients,
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onRcptTo(address, _session, callback) {
          if (rejectRecipients.has(address.address.toLowerCase())) {
            // Worded as Postfix words it, quoting the address: the log must not repeat it.
            const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`) as Error & { responseCode: number };
            error.responseCode = 550;
            return callback(error);
          }
          callback();
        },
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((mail) => {
              received.push(mail);
              callback();
            })
            .catch(callback);
        },
      });
      // A client killed in mid-conversation (the worker-crash tests do it on purpose) resets its
      // connection, which the server reports as an error event: the client's doing, not the sink's.
      // Left without a listener, it would be thrown in the test process.
      server.on("error", (error: Error & { code?: string }) => {
        if (error.code !== "ECONNRESET" && error.code !== "EPIPE") console.error("SMTP sink:", error);
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
      port = (server.server.address() as { port: number }).port;
    },
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
  return sink;
}
