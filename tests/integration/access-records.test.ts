import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessFilter, expireAccessRecords, recordAccess, sealAccessRecords, searchTrace, verifyAccessChain } from "../../app/domain/access-records/access-records.server";
import { runHousekeeping } from "../../app/domain/housekeeping.server";
import { loadConfig } from "../../app/lib/env.server";
import { openEmbeddedDatabase } from "../../db/connect";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { runCli } from "../helpers/server";

const organizer = { kind: "organizer", organizerId: 1 } as const;

describe("the access records' table (접속기록)", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("chains each record to the previous one and verifies the chain", async () => {
    await recordAccess(test.db, { action: "view", actor: organizer, clientAddress: "203.0.113.7", eventId: 9, subjectIds: [4, 4, 5] });
    await recordAccess(test.db, { action: "list", actor: { kind: "door_device", deviceId: 3 }, clientAddress: "203.0.113.8", eventId: 9, count: 120, filter: { group: "VIP" } });
    // Written unsealed; sealing chains them in id order.
    expect((await test.db.selectFrom("access_records").select("hash").execute()).map((row) => row.hash)).toEqual([null, null]);
    expect(await sealAccessRecords(test.db)).toBe(2);
    expect(await sealAccessRecords(test.db)).toBe(0);
    const rows = await test.db.selectFrom("access_records").selectAll().orderBy("id").execute();
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.chain_seq).map(Number)).toEqual([1, 2]);
    expect(rows[0]!.prev_hash).toBe("0".repeat(64));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[0]).toMatchObject({ action: "view", actor_kind: "organizer", organizer_id: 1, subject_ids: [4, 5], subject_count: 2, client_address: "203.0.113.7" });
    expect(rows[1]).toMatchObject({ actor_kind: "door_device", door_device_id: 3, subject_count: 120, filter: { group: "VIP" } });
    expect(await verifyAccessChain(test.db)).toEqual({ records: 2, brokenAt: null });
  });

  it("refuses to change, delete or empty a record, whatever the caller", async () => {
    await expect(
      test.db
        .updateTable("access_records")
        .set({ subject_count: 0 } as never)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(test.db.deleteFrom("access_records").execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate access_records`.execute(test.db)).rejects.toThrow(/append-only/);
    // Housekeeping's setting does not let a young record go either.
    await expect(
      test.db.transaction().execute(async (trx) => {
        await sql`select set_config('nanum.access_records_expiry', 'on', true)`.execute(trx);
        await trx.deleteFrom("access_records").execute();
      }),
    ).rejects.toThrow(/append-only/);
    expect((await verifyAccessChain(test.db)).brokenAt).toBeNull();
  });

  it("keeps one chain when many writers append at once", async () => {
    const other = await test.another();
    const before = (await verifyAccessChain(test.db)).records;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? other : test.db).transaction().execute(async (trx) => {
          await recordAccess(trx, { action: "scan", actor: organizer, clientAddress: null, eventId: 9, subjectIds: [i + 1] });
          await recordAccess(trx, { action: "scan", actor: organizer, clientAddress: null, eventId: 9, subjectIds: [i + 100] });
        }),
      ),
    );
    await sealAccessRecords(test.db);
    expect(await verifyAccessChain(test.db)).toEqual({ records: before + 80, brokenAt: null });
  });

  it("removes only expired records, from the head, and the rest still verifies", async () => {
    const old = new Date(Date.now() - 800 * 86_400_000);
    // A fresh database so the expired records are at the head of the chain, as time puts them.
    const fresh = await createTestDatabase();
    try {
      await fresh.db.insertInto("access_records").values({ action: "list", actor_kind: "system", subject_count: 3, occurred_at: old }).execute();
      await fresh.db.insertInto("access_records").values({ action: "list", actor_kind: "system", subject_count: 4, occurred_at: old }).execute();
      await recordAccess(fresh.db, { action: "view", actor: organizer, clientAddress: "203.0.113.7", eventId: 1, subjectIds: [1] });
      // Housekeeping does it, with the retention it is given (never below 365 days: 100 means 365).
      const report = await runHousekeeping(fresh.db, { origin: "http://localhost:3000", messageIdDomain: "example.org" }, new Date(), 100);
      expect(report.accessRecordsExpired).toBe(2);
      expect(await verifyAccessChain(fresh.db)).toEqual({ records: 1, brokenAt: null });
      // Never below 365 days, whatever the setting says: the young record stays.
      expect(await expireAccessRecords(fresh.db, 0)).toBe(0);
    } finally {
      await fresh.destroy();
    }
  });

  it("finds a tampered record with npm run audit:verify on the server database", async () => {
    if (test.engine !== "server") return;
    const ok = await runCli("audit:verify", [], { DATABASE_URL: test.url });
    expect(ok.stdout.trim()).toMatch(/^records=\d+ chain=ok$/);
    expect(ok.code).toBe(0);
    const target = await test.db.selectFrom("access_records").select("id").orderBy("id").offset(3).limit(1).executeTakeFirstOrThrow();
    // As the superuser, with the guard switched off: what someone with full control could do.
    await sql`alter table access_records disable trigger access_records_no_change`.execute(test.db);
    await sql`update access_records set subject_count = subject_count + 1 where id = ${target.id}`.execute(test.db);
    await sql`alter table access_records enable trigger access_records_no_change`.execute(test.db);
    const broken = await runCli("audit:verify", [], { DATABASE_URL: test.url });
    expect(broken.stdout.trim()).toMatch(new RegExp(`^records=\\d+ chain=broken first_broken=${target.id}$`));
    expect(broken.code).toBe(1);
  }, 120_000);
});

describe("npm run audit:verify on the embedded database", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-audit-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("says ok for an intact chain, and names the first record whose row was deleted or altered", async () => {
    const open = () => openEmbeddedDatabase(dataDir, { holder: "test" });
    const first = await open();
    try {
      for (let i = 1; i <= 5; i++) await recordAccess(first.db, { action: "view", actor: organizer, clientAddress: "198.51.100.1", eventId: 2, subjectIds: [i] });
    } finally {
      await first.close();
    }
    const ok = await runCli("audit:verify", [], { DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(ok.stdout.trim(), ok.stderr).toBe("records=5 chain=ok");
    expect(ok.code).toBe(0);

    const second = await open();
    try {
      await sql`alter table access_records disable trigger access_records_no_change`.execute(second.db);
      await sql`delete from access_records where id = 3`.execute(second.db);
    } finally {
      await second.close();
    }
    const broken = await runCli("audit:verify", [], { DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(broken.stdout.trim()).toBe("records=4 chain=broken first_broken=4");
    expect(broken.code).toBe(1);
    // Two command-line runs, each opening the embedded database: slow when the machine is busy.
  }, 180_000);
});

describe("ACCESS_LOG_RETENTION_DAYS", () => {
  const env = { DATABASE_URL: "postgres://nanum@127.0.0.1/nanum" };
  const options = { requireSessionSecret: false, requireAppKey: false };
  it("keeps access records two years unless told otherwise, and never less than a year", () => {
    expect(loadConfig(env, options).accessLogRetentionDays).toBe(730);
    expect(loadConfig({ ...env, ACCESS_LOG_RETENTION_DAYS: "1095" }, options).accessLogRetentionDays).toBe(1095);
    expect(() => loadConfig({ ...env, ACCESS_LOG_RETENTION_DAYS: "90" }, options)).toThrow(/ACCESS_LOG_RETENTION_DAYS: must be at least 365/);
  });
});

describe("what a record keeps of a search", () => {
  it("keeps the kind and length of the text, never the text", () => {
    expect(searchTrace("kim@example.org")).toEqual({ search: "email", length: 15 });
    expect(searchTrace("010-1234-5678")).toEqual({ search: "phone", length: 13 });
    expect(searchTrace(" 김나눔 ")).toEqual({ search: "text", length: 3 });
    expect(searchTrace("  ")).toBeUndefined();
    expect(accessFilter({ group: "VIP", status: undefined, page: 2 }, "kim@example.org")).toEqual({ group: "VIP", page: 2, search: "email", length: 15 });
    expect(JSON.stringify(accessFilter({}, "kim@example.org"))).not.toContain("kim");
  });
});
