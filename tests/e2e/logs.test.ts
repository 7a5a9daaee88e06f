import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { makeTempDir } from "../helpers/server";

// Debug level, so the door's scans (logged at debug) are in the run's log too.
const app = withServerAndBrowser({ smtp: true, env: { LOG_LEVEL: "debug" } });

/** Two guests as an organizer's spreadsheet lists them. */
const GUESTS = [
  { name: "남궁다온", email: "daon.namgung@example.com", phone: "010-4821-7730", affiliation: "로그시청" },
  { name: "제갈하린", email: "harin.jegal@example.net", phone: "010 5932 1184", affiliation: "로그고등학교" },
];
/** Addresses the log may show: the demo account's published sign-in and the server's sending address. */
const SYSTEM_ADDRESSES = new Set([DEMO_ORGANIZER.email, "nanum@example.org"]);

interface Answered {
  id: string;
  status: number;
  what: string;
}

describe("the server's log over a realistic session", () => {
  it("has one JSON line per request, with its id sent back, and no key, address, phone number or name in the whole log", async () => {
    const answered: Answered[] = [];
    const record = (what: string, status: number, id: string | null | undefined) => {
      expect(id, `X-Request-Id of ${what}`).toMatch(/^[0-9a-f-]{36}$/);
      answered.push({ id: id!, status, what });
    };
    const watch = (context: BrowserContext) =>
      context.on("response", (response) => {
        if (response.url().startsWith(app.baseUrl)) record(`${response.request().method()} ${response.url()}`, response.status(), response.headers()["x-request-id"]);
      });
    const mailTo = async (address: string, pattern: RegExp) => {
      for (let i = 0; i < 150; i++) {
        const mail = app.sink.received.find((received) => (received.to as { value: Array<{ address: string }> }).value[0]!.address === address && pattern.test(received.text ?? ""));
        if (mail) return pattern.exec(mail.text ?? "")![1]!;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no email to ${address} matching ${pattern}`);
    };

    // The organizer signs in, imports two guests with emails and phone numbers, and invites them.
    const organizer = await app.newContext("ko-KR");
    watch(organizer);
    const admin = await organizer.newPage();
    await admin.goto("/login");
    await fieldByLabel(admin, "이메일").fill(DEMO_ORGANIZER.email);
    await fieldByLabel(admin, "비밀번호").fill(DEMO_ORGANIZER.password);
    await admin.getByRole("button", { name: "로그인" }).click();
    await admin.waitForURL((url) => url.pathname === "/admin");
    await admin.getByRole("link", { name: /파주시 교육발전특구/ }).click();
    await admin.waitForURL((url) => /^\/admin\/events\/\d+$/.test(url.pathname));
    const eventPath = new URL(admin.url()).pathname;
    const scannerPath = (await admin.getByRole("link", { name: "입장 확인 (스캐너)" }).first().getAttribute("href"))!;
    const file = path.join(makeTempDir(), "명단.csv");
    fs.writeFileSync(file, ["이름,이메일,휴대전화,소속", ...GUESTS.map((guest) => [guest.name, guest.email, guest.phone, guest.affiliation].join(","))].join("\r\n"));
    await admin.goto(`${eventPath}/invitees/import`);
    await admin.getByLabel("명단 파일").setInputFiles(file);
    await admin.getByRole("button", { name: "올려서 미리 보기" }).click();
    await admin.getByRole("button", { name: "2명 가져오기" }).click();
    await admin.waitForURL((url) => url.pathname.endsWith("/invitees"));
    for (const guest of GUESTS) await admin.getByLabel(`${guest.name} 선택`).check();
    await admin.getByRole("button", { name: "초청장 보내기 (아직 안 보낸 사람만)" }).click();
    await admin.getByRole("status").filter({ hasText: "초청장 2통" }).waitFor();
    // A search by address: the query string holds it, and the log must not.
    await admin.goto(`${eventPath}/invitees?q=${encodeURIComponent(GUESTS[1]!.email)}`);
    await admin.getByText(GUESTS[1]!.name).first().waitFor();
    const tokens = await Promise.all(GUESTS.map((guest) => mailTo(guest.email, /\/i\/([A-Za-z0-9_-]{32})/)));

    // The first guest opens their personal link and answers "attending".
    const guestContext = await app.newContext("ko-KR");
    watch(guestContext);
    const guest = await guestContext.newPage();
    await guest.goto(`/i/${tokens[0]}`);
    await guest.getByLabel("참석합니다", { exact: true }).check();
    const consent = guest.getByLabel(/개인정보 수집·이용에 동의합니다/);
    if (await consent.count()) await consent.check();
    await guest.getByRole("button", { name: "회신 보내기" }).click();
    await guest.getByText("참석으로 회신하셨습니다.").waitFor();
    const code = (await guest.locator(".ticket__code").innerText()).replace(/\s|입장 코드:/g, "");
    expect(code).toMatch(/^[23456789A-Z]{8}$/);

    // At the door, staff type the ticket's code (answered before Express, logged at debug).
    const cookie = (await organizer.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const scan = await fetch(`${app.baseUrl}${scannerPath.replace(/\/$/, "")}/scan`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: app.baseUrl },
      body: JSON.stringify({ entrance: "정문", code }),
    });
    expect(((await scan.json()) as { result: string }).result).toBe("welcome");
    record("scan", scan.status, scan.headers.get("x-request-id"));

    // A forgotten password: its link is a key too.
    const forgot = await fetch(`${app.baseUrl}/forgot-password`, { method: "POST", body: new URLSearchParams({ email: DEMO_ORGANIZER.email }), headers: { Origin: app.baseUrl }, redirect: "manual" });
    record("forgot-password", forgot.status, forgot.headers.get("x-request-id"));
    const resetToken = await mailTo(DEMO_ORGANIZER.email, /\/reset-password\/([A-Za-z0-9_-]{43})/);
    const reset = await fetch(`${app.baseUrl}/reset-password/${resetToken}`);
    expect(reset.status).toBe(200);
    record("reset-password", reset.status, reset.headers.get("x-request-id"));

    // Mistakes: an unknown page, a personal link's unknown subpage, a POST to a page without a form.
    const notFound = await fetch(`${app.baseUrl}/no-such-page`);
    const notFoundWithKey = await fetch(`${app.baseUrl}/i/${tokens[1]}/nothing-here`);
    const noAction = await fetch(`${app.baseUrl}/`, { method: "POST", body: new URLSearchParams({ email: GUESTS[1]!.email }) });
    expect([notFound.status, notFoundWithKey.status, noAction.status]).toEqual([404, 404, 405]);
    const mistakes = [notFound, notFoundWithKey, noAction].map((response) => response.headers.get("x-request-id")!);
    for (const [i, response] of [notFound, notFoundWithKey, noAction].entries()) record(`mistake ${i}`, response.status, response.headers.get("x-request-id"));

    // The organizer exports the list: the file holds the addresses, the log does not.
    const exported = await organizer.request.get(`${eventPath}/invitees/export?format=csv&reason=event-operations`);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain(GUESTS[0]!.email);
    record("export", exported.status(), exported.headers()["x-request-id"]);
    await guestContext.close();
    await organizer.close();

    const stopped = await app.server.stop();
    const lines = stopped.output.trim().split("\n");
    const entries = lines.map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`line ${i + 1} of the log is not JSON: ${line}`);
      }
    });

    // One request line for each answer seen, with every field, and its status.
    const requestLines = entries.filter((entry) => entry.msg === "request");
    const ids = new Map(answered.map((answer) => [answer.id, answer]));
    expect(ids.size).toBeGreaterThan(20);
    for (const [id, answer] of ids) {
      const matching = requestLines.filter((entry) => entry.requestId === id);
      expect(matching, answer.what).toHaveLength(1);
      const [line] = matching;
      expect(line, answer.what).toMatchObject({ method: expect.any(String), path: expect.stringMatching(/^\/[^?]*$/), status: answer.status, durationMs: expect.any(Number) });
      expect(line!.time, answer.what).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(line!.route === null || typeof line!.route === "string", answer.what).toBe(true);
    }
    expect(requestLines.find((entry) => entry.requestId === scan.headers.get("x-request-id"))).toMatchObject({ level: "debug", route: "routes/checkin.$slug.scan", status: 200 });
    expect(requestLines.find((entry) => entry.requestId === mistakes[1])).toMatchObject({ route: null, path: "/i/[redacted]/nothing-here", status: 404 });
    expect(requestLines.find((entry) => entry.path === `${eventPath}/invitees/import`)).toMatchObject({ route: "routes/admin.events.$eventId.invitees.import" });

    // A mistake is its one line at info, without a stack; the run had no error at all.
    for (const id of mistakes) {
      const shown = entries.filter((entry) => entry.requestId === id && entry.level !== "debug" && entry.level !== "trace");
      expect(shown, id).toHaveLength(1);
    }
    expect(entries.filter((entry) => entry.err !== undefined || entry.level === "error" || entry.level === "fatal")).toEqual([]);
    // The worker logged each email it delivered, by id and kind.
    expect(entries.filter((entry) => entry.msg === "Email delivered").length).toBeGreaterThanOrEqual(3);

    // Nothing personal: the keys, the ticket code, the guests' addresses, phone numbers and names...
    const log = stopped.output;
    const secrets = [...tokens, resetToken, code, ...GUESTS.flatMap((g) => [g.email, g.phone, g.phone.replace(/\D/g, ""), g.name, g.affiliation]), encodeURIComponent(GUESTS[1]!.email)];
    for (const secret of secrets) expect(log, `the log holds ${secret}`).not.toContain(secret);
    // ...and no email address or Korean mobile number of anyone at all (the demo data's 100 guests included).
    const addresses = [...log.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g)].map((match) => match[0]).filter((address) => !SYSTEM_ADDRESSES.has(address));
    expect(addresses).toEqual([]);
    expect(log.match(/01[016789][-. ]?\d{3,4}[-. ]?\d{4}/g)).toBeNull();
  });
});
