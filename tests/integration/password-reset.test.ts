import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateOrganizer, changePassword, LOGIN_LIMITS } from "../../app/domain/accounts/organizers.server";
import { resetPassword, RESET_LIMITS } from "../../app/domain/accounts/password-reset.server";
import { hashToken } from "../../app/lib/tokens.server";
import * as dashboardRoute from "../../app/routes/admin._index";
import * as forgotRoute from "../../app/routes/forgot-password";
import * as loginRoute from "../../app/routes/login";
import * as resetRoute from "../../app/routes/reset-password.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, newOrganizer, outcome, postRequest, signedInCookie, testContext } from "../helpers/routes";

const NEW_PASSWORD = "a brand new password";

describe("forgot password and reset links", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  let addressCount = 0;
  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
  });
  afterAll(() => test.destroy());

  /** Each test asks from its own client address, so the per-address limit only bites where a test wants it. */
  function newAddress(): string {
    addressCount += 1;
    return `198.51.100.${addressCount}`;
  }

  const forgot = (email: string, clientAddress: string, headers: Record<string, string> = {}) =>
    outcome(() => forgotRoute.action({ request: postRequest("/forgot-password", { email }, headers), params: {}, context: { ...context, clientAddress } }));

  const resetPage = (token: string) => outcome(() => resetRoute.loader({ request: getRequest(`/reset-password/${token}`), params: { token }, context }));

  const submitReset = (token: string, fields: Record<string, string>) => outcome(() => resetRoute.action({ request: postRequest(`/reset-password/${token}`, fields), params: { token }, context }));

  const resetEmails = (address: string) =>
    test.db
      .selectFrom("email_outbox")
      .select(["kind", "event_id", "to_address", "to_name", "subject", "text_body", "html_body", "status"])
      .where("to_address", "=", address)
      .where("kind", "=", "password-reset")
      .orderBy("id")
      .execute();

  function linkIn(text: string): { link: string; token: string } {
    const match = /(http:\/\/localhost:3000\/reset-password\/([A-Za-z0-9_-]{43}))\n/.exec(text);
    if (!match) throw new Error(`no reset link in:\n${text}`);
    return { link: match[1]!, token: match[2]! };
  }

  async function requestLink(email: string): Promise<string> {
    const before = (await resetEmails(email)).length;
    await forgot(email, newAddress());
    const emails = await resetEmails(email);
    expect(emails).toHaveLength(before + 1);
    return linkIn(emails.at(-1)!.text_body).token;
  }

  const logsIn = async (email: string, password: string) => (await authenticateOrganizer(test.db, { email, password, clientAddress: "192.0.2.1" })).ok;

  it("queues exactly one email with a working link for an existing account, in the page's language", async () => {
    const organizer = await newOrganizer(test.db, "Forgetful");
    const result = await forgot(organizer.email.toUpperCase(), newAddress(), { "Accept-Language": "en-US,en;q=0.9" });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ sent: true, email: organizer.email.toUpperCase() });

    const emails = await resetEmails(organizer.email);
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email).toMatchObject({ kind: "password-reset", event_id: null, to_name: "Forgetful", status: "queued", subject: "Reset your Nanum password" });
    expect(email.text_body).toContain("Hello Forgetful,");
    const { link, token } = linkIn(email.text_body);
    expect(email.html_body).toContain(`href="${link}"`);
    // Only a hash of the token is kept.
    const stored = await test.db.selectFrom("password_resets").select("token_hash").where("token_hash", "=", hashToken(token)).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(await test.db.selectFrom("password_resets").selectAll().execute())).not.toContain(token);

    const page = await resetPage(token);
    expect(page.status).toBe(200);
    expect(page.data.email).toBe(organizer.email);
  });

  it("sets the new password with the link, ends every session of the account and points to the login page", async () => {
    const organizer = await newOrganizer(test.db, "Resetter");
    const cookies = [await signedInCookie(context, organizer.id), await signedInCookie(context, organizer.id)];
    const token = await requestLink(organizer.email);

    const result = await submitReset(token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login?reset=1");

    expect(await logsIn(organizer.email, organizer.password)).toBe(false);
    expect(await logsIn(organizer.email, NEW_PASSWORD)).toBe(true);
    for (const cookie of cookies) {
      const page = await outcome(() => dashboardRoute.loader({ request: getRequest("/admin", { Cookie: cookie }), params: {}, context }));
      expect(page.status).toBe(302);
      expect(page.location).toMatch(/^\/login/);
    }
    const login = await outcome(() => loginRoute.loader({ request: getRequest("/login?reset=1"), params: {}, context }));
    expect(login.status).toBe(200);
  });

  it("refuses a link the second time, with 410 and the password left as the first use set it", async () => {
    const organizer = await newOrganizer(test.db, "Twice");
    const token = await requestLink(organizer.email);
    expect((await submitReset(token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(302);

    const page = await resetPage(token);
    expect(page.status).toBe(410);
    expect(page.data).toEqual({ reason: "spent" });
    const again = await submitReset(token, { newPassword: "attacker password 1", confirmPassword: "attacker password 1" });
    expect(again.status).toBe(410);
    expect(await logsIn(organizer.email, "attacker password 1")).toBe(false);
    expect(await logsIn(organizer.email, NEW_PASSWORD)).toBe(true);
  });

  it("retires the account's other open links once one is used", async () => {
    const organizer = await newOrganizer(test.db, "TwoLinks");
    const first = await requestLink(organizer.email);
    const second = await requestLink(organizer.email);
    expect((await submitReset(second, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(302);
    expect((await resetPage(first)).status).toBe(410);
    expect((await submitReset(first, { newPassword: "other password 12", confirmPassword: "other password 12" })).status).toBe(410);
    expect(await logsIn(organizer.email, NEW_PASSWORD)).toBe(true);
  });

  it("retires open links when the password is changed on the account page", async () => {
    const organizer = await newOrganizer(test.db, "Remembered");
    const token = await requestLink(organizer.email);
    const session = (await signedInCookie(context, organizer.id)).split("=")[1]!;
    const changed = await changePassword(test.db, { organizerId: organizer.id, currentPassword: organizer.password, newPassword: NEW_PASSWORD, keepSessionToken: session });
    expect(changed.ok).toBe(true);
    expect((await resetPage(token)).status).toBe(410);
  });

  it("refuses an expired link with 410 and changes nothing", async () => {
    const organizer = await newOrganizer(test.db, "Late");
    const token = await requestLink(organizer.email);
    await test.db
      .updateTable("password_resets")
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where("token_hash", "=", hashToken(token))
      .execute();
    const page = await resetPage(token);
    expect(page.status).toBe(410);
    expect(page.data).toEqual({ reason: "expired" });
    expect((await submitReset(token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(410);
    expect(await logsIn(organizer.email, organizer.password)).toBe(true);
  });

  it("answers an unknown link with 404", async () => {
    for (const token of ["nope", "A".repeat(43)]) {
      const page = await resetPage(token);
      expect(page.status).toBe(404);
      expect(page.data).toEqual({ reason: "unknown" });
      expect((await submitReset(token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(404);
    }
  });

  it("answers an unknown email exactly as a known one and queues nothing", async () => {
    const organizer = await newOrganizer(test.db, "Known");
    const known = await forgot(organizer.email, newAddress());
    const unknown = await forgot("nobody.here@example.org", newAddress());
    expect(unknown.status).toBe(known.status);
    expect({ ...unknown.data, email: "" }).toEqual({ ...known.data, email: "" });
    expect(await test.db.selectFrom("email_outbox").select("id").where("to_address", "=", "nobody.here@example.org").execute()).toHaveLength(0);
    expect(await test.db.selectFrom("password_resets").select("id").where("requested_address", "=", `198.51.100.${addressCount}`).execute()).toHaveLength(0);
  });

  it("answers a malformed email with a field error and queues nothing", async () => {
    const before = await test.db.selectFrom("email_outbox").select("id").execute();
    const result = await forgot("not an email", newAddress());
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ email: "error.email" });
    expect(await test.db.selectFrom("email_outbox").select("id").execute()).toHaveLength(before.length);
  });

  it(`stops queueing after ${RESET_LIMITS.perAccount} emails per account in an hour, with the same answer`, async () => {
    const organizer = await newOrganizer(test.db, "Flooded");
    const answers = [];
    for (let i = 0; i < RESET_LIMITS.perAccount + 2; i++) answers.push(await forgot(organizer.email, newAddress()));
    expect(await resetEmails(organizer.email)).toHaveLength(RESET_LIMITS.perAccount);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual(answers[0]!.data);
    }
  });

  it(`stops queueing after ${RESET_LIMITS.perAddress} requests from one client address in an hour, whatever the emails`, async () => {
    const address = newAddress();
    for (let i = 0; i < RESET_LIMITS.perAddress; i++) await forgot(`probe.${i}@example.org`, address);
    const organizer = await newOrganizer(test.db, "Neighbour");
    const throttled = await forgot(organizer.email, address);
    expect(throttled.status).toBe(200);
    expect(throttled.data).toEqual({ sent: true, email: organizer.email });
    expect(await resetEmails(organizer.email)).toHaveLength(0);
    // Another address is not held back.
    await forgot(organizer.email, newAddress());
    expect(await resetEmails(organizer.email)).toHaveLength(1);
  });

  it("answers a mismatched or short new password with field errors (400) and changes nothing", async () => {
    const organizer = await newOrganizer(test.db, "Typo");
    const token = await requestLink(organizer.email);
    const mismatch = await submitReset(token, { newPassword: NEW_PASSWORD, confirmPassword: "a brand new passwort" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.errors).toEqual({ confirmPassword: "error.passwordMismatch" });
    expect(mismatch.data.values).toEqual({});
    const short = await submitReset(token, { newPassword: "short", confirmPassword: "short" });
    expect(short.status).toBe(400);
    expect(short.data.errors).toEqual({ newPassword: "error.passwordShort" });
    expect(await logsIn(organizer.email, organizer.password)).toBe(true);
    // The link still works for a correct submit.
    expect((await resetPage(token)).status).toBe(200);
  });

  it("lets two submits of the same link at once succeed only once", async () => {
    const organizer = await newOrganizer(test.db, "Racer");
    const token = await requestLink(organizer.email);
    const passwords = ["first racing password", "second racing password"];
    const results = await Promise.all(passwords.map((newPassword) => resetPassword(test.db, { token, newPassword, clientAddress: "192.0.2.9" })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const works = await Promise.all(passwords.map((password) => logsIn(organizer.email, password)));
    expect(works.filter(Boolean)).toHaveLength(1);
    expect(works[results.findIndex((result) => result.ok)]).toBe(true);
  });

  it("lets an account locked by failed logins in at once with the new password", async () => {
    const organizer = await newOrganizer(test.db, "LockedOut");
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await logsIn(organizer.email, `guess ${i}`);
    const throttled = await authenticateOrganizer(test.db, { email: organizer.email, password: organizer.password, clientAddress: "192.0.2.1" });
    expect(throttled).toMatchObject({ ok: false, reason: "throttled" });
    const token = await requestLink(organizer.email);
    expect((await submitReset(token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(302);
    expect(await logsIn(organizer.email, NEW_PASSWORD)).toBe(true);
  });
});
