import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPage, logIn, postForm } from "../helpers/http";
import { cleanUp, startServer, type ServerProcess } from "../helpers/server";
import { createSmtpSink, type SmtpSink } from "../helpers/smtp";

const DEMO = { email: "demo@nanum.example", password: "nanum-demo-2025" };

async function pajuEventPath(server: ServerProcess, cookie: string): Promise<string> {
  const { html } = await getPage(`${server.url}/admin`, { Cookie: cookie });
  const match = /href="(\/admin\/events\/\d+)"[^>]*>[^<]*파주시/.exec(html);
  if (!match) throw new Error("the demo Paju event is not on the dashboard");
  return match[1]!;
}

/** The count the outbox page shows for a status, once it reaches `expected` (or after 5 s, whatever it is then). */
async function outboxSummary(baseUrl: string, eventPath: string, cookie: string, label: string, expected: number): Promise<number> {
  let count = -1;
  for (let i = 0; i < 50 && count !== expected; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const html = (await getPage(`${baseUrl}${eventPath}/outbox`, { Cookie: cookie, "Accept-Language": "en" })).html.replace(/<!-- -->/g, "");
    // Each status in the counts is a link that narrows the list to it.
    const match = new RegExp(`<li><a [^>]*>${label.replace(/[()]/g, "\\$&")}: (\\d+)</a></li>`).exec(html);
    count = match ? Number(match[1]) : 0;
  }
  return count;
}

describe("invitations from the running app", () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await createSmtpSink();
    await sink.start();
  });
  afterAll(async () => {
    await cleanUp();
    await sink.stop();
  });

  it("sends the demo event's invitations through SMTP, each once, and shows them as sent", async () => {
    const server = await startServer({ env: { SMTP_URL: sink.url, SMTP_FROM: "nanum@example.org" } });
    const { cookie } = await logIn(server.url, DEMO.email, DEMO.password);
    const eventPath = await pajuEventPath(server, cookie!);
    const sent = await postForm(`${server.url}${eventPath}/invitees`, { mailing: "invite", scope: "all" }, { Cookie: cookie!, Origin: server.url });
    expect(sent.status).toBe(302);
    const queued = Number(/count=(\d+)/.exec(sent.headers.get("location") ?? "")![1]);
    expect(queued).toBeGreaterThan(80);

    for (let i = 0; i < 200 && sink.received.length < queued; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.received).toHaveLength(queued);
    expect(new Set(sink.received.map((mail) => mail.messageId)).size).toBe(queued);
    const first = sink.received[0]!;
    expect(first.from?.value[0]?.address).toBe("nanum@example.org");
    expect(first.text).toMatch(/\/i\/[A-Za-z0-9_-]{32}/);
    const link = /(http:\/\/[^\s]+\/i\/[A-Za-z0-9_-]{32})/.exec(first.text ?? "")![1]!;
    expect((await getPage(link)).status).toBe(200);

    // The server accepts a message a moment before its outcome is recorded: wait for the last records.
    expect(await outboxSummary(server.url, eventPath, cookie!, "Sent (accepted by the mail server)", queued)).toBe(queued);
    await server.stop();
  });

  it("without SMTP_URL keeps the messages as files and never calls them sent", async () => {
    const server = await startServer();
    const { cookie } = await logIn(server.url, DEMO.email, DEMO.password);
    const eventPath = await pajuEventPath(server, cookie!);
    const sent = await postForm(`${server.url}${eventPath}/invitees`, { mailing: "invite", scope: "all" }, { Cookie: cookie!, Origin: server.url });
    const queued = Number(/count=(\d+)/.exec(sent.headers.get("location") ?? "")![1]);
    const mailDir = path.join(server.dataDir, "mail");
    for (let i = 0; i < 200 && (!fs.existsSync(mailDir) || fs.readdirSync(mailDir).length < queued); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fs.readdirSync(mailDir)).toHaveLength(queued);
    // A file is written a moment before its outcome is recorded: wait for the last records.
    expect(await outboxSummary(server.url, eventPath, cookie!, "Kept here (not sent)", queued)).toBe(queued);
    const summary = (await getPage(`${server.url}${eventPath}/outbox`, { Cookie: cookie!, "Accept-Language": "en" })).html;
    expect(summary).not.toMatch(/<li>Sent \(accepted by the mail server\)/);
    await server.stop();
  });
});
