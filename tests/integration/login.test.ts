import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as loginRoute from "../../app/routes/login";
import * as logoutRoute from "../../app/routes/logout";
import * as accountRoute from "../../app/routes/admin.account";
import * as dashboardRoute from "../../app/routes/admin._index";
import { LOGIN_LIMITS } from "../../app/domain/accounts/organizers.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, newOrganizer, outcome, postRequest, testConfig, testContext } from "../helpers/routes";

function cookiePair(setCookie: string | null): string {
  return (setCookie ?? "").split(";")[0]!;
}

describe("login, logout and password change through the pages", () => {
  let test: TestDatabase;
  let context: AppLoadContext;
  beforeAll(async () => {
    test = await createTestDatabase();
    context = testContext(test.db);
  });
  afterAll(() => test.destroy());

  const login = (fields: Record<string, string>, ctx = context) => outcome(() => loginRoute.action({ request: postRequest("/login", fields), params: {}, context: ctx }));

  it("signs in, sets an HttpOnly SameSite=Lax cookie (not Secure on plain http), and goes where asked", async () => {
    const organizer = await newOrganizer(test.db, "Login");
    const result = await login({ email: organizer.email, password: organizer.password, redirectTo: "/admin/account" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/admin/account");
    const setCookie = result.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const page = await outcome(() => dashboardRoute.loader({ request: getRequest("/admin", { Cookie: cookiePair(setCookie) }), params: {}, context }));
    expect(page.status).toBe(200);
  });

  it("marks the cookie Secure when the app is served over https", async () => {
    const organizer = await newOrganizer(test.db, "Https");
    const secure = testContext(test.db, { config: testConfig({ appUrl: "https://nanum.example", secureCookies: true }) });
    const result = await login({ email: organizer.email, password: organizer.password }, secure);
    expect(result.headers.get("Set-Cookie")).toMatch(/^__Host-nanum_session=.*Secure/i);
  });

  it("never redirects to another site after login", async () => {
    const organizer = await newOrganizer(test.db, "Redirect");
    for (const target of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
      const result = await login({ email: organizer.email, password: organizer.password, redirectTo: target });
      expect(result.location).toBe("/admin");
    }
  });

  it("answers a wrong password with a form error and keeps the email typed", async () => {
    const organizer = await newOrganizer(test.db, "Wrong");
    const result = await login({ email: organizer.email, password: "nope" });
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ form: "login.invalid" });
    expect(result.data.values).toEqual({ email: organizer.email });
    expect(result.headers.get("Set-Cookie")).toBeNull();
  });

  it("answers malformed input with field errors, not a 500", async () => {
    const result = await login({ email: "not an email", password: "" });
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ email: "error.email", password: "error.required" });
  });

  it("says how long to wait once an account is throttled", async () => {
    const organizer = await newOrganizer(test.db, "Throttle");
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await login({ email: organizer.email, password: `wrong ${i}` });
    const result = await login({ email: organizer.email, password: organizer.password });
    expect(result.status).toBe(429);
    expect(result.data.errors).toEqual({ form: "login.throttled" });
    expect(result.data.retryAfterMinutes).toBeGreaterThan(0);
  });

  it("logs out by ending the session in the database, so the old cookie stops working", async () => {
    const organizer = await newOrganizer(test.db, "Logout");
    const signedIn = await login({ email: organizer.email, password: organizer.password });
    const cookie = cookiePair(signedIn.headers.get("Set-Cookie"));
    const out = await outcome(() => logoutRoute.action({ request: postRequest("/logout", {}, { Cookie: cookie }), params: {}, context }));
    expect(out.status).toBe(302);
    const page = await outcome(() => dashboardRoute.loader({ request: getRequest("/admin", { Cookie: cookie }), params: {}, context }));
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^\/login/);
  });

  it("changes the password from the account page", async () => {
    const organizer = await newOrganizer(test.db, "Change");
    const signedIn = await login({ email: organizer.email, password: organizer.password });
    const cookie = cookiePair(signedIn.headers.get("Set-Cookie"));
    const change = (fields: Record<string, string>) => outcome(() => accountRoute.action({ request: postRequest("/admin/account", fields, { Cookie: cookie }), params: {}, context }));

    const mismatch = await change({ currentPassword: organizer.password, newPassword: "new password 123", confirmPassword: "other password 1" });
    expect(mismatch.data.errors).toEqual({ confirmPassword: "error.passwordMismatch" });
    const short = await change({ currentPassword: organizer.password, newPassword: "short", confirmPassword: "short" });
    expect(short.data.errors).toEqual({ newPassword: "error.passwordShort" });
    const wrong = await change({ currentPassword: "not current", newPassword: "new password 123", confirmPassword: "new password 123" });
    expect(wrong.data.errors).toEqual({ currentPassword: "account.wrongPassword" });
    const ok = await change({ currentPassword: organizer.password, newPassword: "new password 123", confirmPassword: "new password 123" });
    expect(ok.data).toEqual({ changed: true });
    expect((await login({ email: organizer.email, password: "new password 123" })).status).toBe(302);
  });
});
