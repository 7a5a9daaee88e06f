import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateOrganizer, changePassword, closeSession, createOrganizer, EmailTakenError, findSessionOrganizer, LOGIN_LIMITS, openSession } from "../../app/domain/accounts/organizers.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { newOrganizer } from "../helpers/routes";

describe("organizer accounts", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("refuses a second account with the same email, whatever its case and spaces", async () => {
    await createOrganizer(test.db, { email: "Kim@Example.org", name: "Kim", password: "long enough pw" });
    await expect(createOrganizer(test.db, { email: " kim@example.ORG ", name: "Kim 2", password: "long enough pw" })).rejects.toBeInstanceOf(EmailTakenError);
  });

  it("logs in with the right password and not with a wrong one, nor a stored hash", async () => {
    const organizer = await newOrganizer(test.db, "Lee");
    const stored = await test.db.selectFrom("organizers").select("password_hash").where("id", "=", organizer.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain(organizer.password);

    const good = await authenticateOrganizer(test.db, { email: organizer.email.toUpperCase(), password: organizer.password, clientAddress: "198.51.100.1" });
    expect(good).toMatchObject({ ok: true, organizer: { id: organizer.id } });
    const bad = await authenticateOrganizer(test.db, { email: organizer.email, password: "wrong password", clientAddress: "198.51.100.1" });
    expect(bad).toEqual({ ok: false, reason: "invalid" });
    const nobody = await authenticateOrganizer(test.db, { email: "nobody@example.org", password: "whatever", clientAddress: "198.51.100.1" });
    expect(nobody).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles an account after repeated failures, even when the right password comes next", async () => {
    const organizer = await newOrganizer(test.db, "Park");
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const result = await authenticateOrganizer(test.db, { email: organizer.email, password: `guess ${i}`, clientAddress: `198.51.100.${i + 10}` });
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await authenticateOrganizer(test.db, { email: organizer.email, password: organizer.password, clientAddress: "198.51.100.99" });
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    expect((locked as { retryAfterMinutes: number }).retryAfterMinutes).toBeGreaterThanOrEqual(1);
  });

  it("throttles one client address only after many failures, since venues share addresses", async () => {
    const organizer = await newOrganizer(test.db, "Choi");
    const address = "192.0.2.200";
    // Failures from one address across many accounts (rows as authenticateOrganizer writes them).
    await test.db
      .insertInto("login_attempts")
      .values(Array.from({ length: LOGIN_LIMITS.perAddress - 1 }, (_, i) => ({ email: `user${i}@example.org`, client_address: address, succeeded: false })))
      .execute();
    const stillOpen = await authenticateOrganizer(test.db, { email: organizer.email, password: organizer.password, clientAddress: address });
    expect(stillOpen.ok).toBe(true);
    await authenticateOrganizer(test.db, { email: "someone@example.org", password: "x", clientAddress: address });
    const closed = await authenticateOrganizer(test.db, { email: organizer.email, password: organizer.password, clientAddress: address });
    expect(closed).toMatchObject({ ok: false, reason: "throttled" });
    const elsewhere = await authenticateOrganizer(test.db, { email: organizer.email, password: organizer.password, clientAddress: "192.0.2.201" });
    expect(elsewhere.ok).toBe(true);
  });

  it("keeps sessions in the database: found while open, gone when closed", async () => {
    const organizer = await newOrganizer(test.db, "Jung");
    const { token } = await openSession(test.db, organizer.id, { userAgent: "test", clientAddress: "127.0.0.1" });
    expect(token.length).toBeGreaterThanOrEqual(43);
    const row = await test.db.selectFrom("organizer_sessions").select("id_hash").where("organizer_id", "=", organizer.id).executeTakeFirstOrThrow();
    expect(row.id_hash).not.toBe(token);
    expect(await findSessionOrganizer(test.db, token)).toMatchObject({ id: organizer.id });
    await closeSession(test.db, token);
    expect(await findSessionOrganizer(test.db, token)).toBeUndefined();
  });

  it("ignores an expired session", async () => {
    const organizer = await newOrganizer(test.db, "Yoon");
    const { token } = await openSession(test.db, organizer.id, { userAgent: null, clientAddress: null });
    await test.db
      .updateTable("organizer_sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("organizer_id", "=", organizer.id)
      .execute();
    expect(await findSessionOrganizer(test.db, token)).toBeUndefined();
  });

  it("changes a password only with the current one, and ends the account's other sessions", async () => {
    const organizer = await newOrganizer(test.db, "Han");
    const here = await openSession(test.db, organizer.id, { userAgent: null, clientAddress: null });
    const elsewhere = await openSession(test.db, organizer.id, { userAgent: null, clientAddress: null });

    const refused = await changePassword(test.db, { organizerId: organizer.id, currentPassword: "not it", newPassword: "a brand new password", keepSessionToken: here.token });
    expect(refused).toEqual({ ok: false, reason: "wrong-current" });
    expect(await findSessionOrganizer(test.db, elsewhere.token)).toBeDefined();

    const changed = await changePassword(test.db, { organizerId: organizer.id, currentPassword: organizer.password, newPassword: "a brand new password", keepSessionToken: here.token });
    expect(changed).toEqual({ ok: true });
    expect(await findSessionOrganizer(test.db, here.token)).toBeDefined();
    expect(await findSessionOrganizer(test.db, elsewhere.token)).toBeUndefined();
    const login = await authenticateOrganizer(test.db, { email: organizer.email, password: "a brand new password", clientAddress: "127.0.0.2" });
    expect(login.ok).toBe(true);
  });
});
