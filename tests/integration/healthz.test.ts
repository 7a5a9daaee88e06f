import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as healthz from "../../app/routes/healthz";
import * as readyz from "../../app/routes/readyz";
import { createTestDatabase } from "../helpers/db";
import { getRequest, outcome, testContext } from "../helpers/routes";

describe("/healthz and /readyz", () => {
  it("says the process lives whatever the database does, and ready only while the database answers", async () => {
    const test = await createTestDatabase();
    const context = testContext(test.db, { engine: test.engine });
    const live = () => outcome(() => Promise.resolve(healthz.loader()));
    const ready = () => outcome(() => readyz.loader({ request: getRequest("/readyz"), params: {}, context }));
    expect((await live()).status).toBe(200);
    const up = await ready();
    expect(up.status).toBe(200);
    expect(up.data).toEqual({ status: "ok", database: "up", engine: test.engine });

    await test.destroy();
    expect((await live()).status).toBe(200);
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.data).toMatchObject({ status: "error", database: "down" });
  });

  it("is not ready while a migration is missing, nor once the server is draining", async () => {
    const test = await createTestDatabase();
    try {
      const context = testContext(test.db, { engine: test.engine });
      const ready = () => outcome(() => readyz.loader({ request: getRequest("/readyz"), params: {}, context }));
      const last = (await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(test.db)).rows[0]!.name;
      await sql`delete from kysely_migration where name = ${last}`.execute(test.db);
      const behind = await ready();
      expect(behind.status).toBe(503);
      expect(behind.data).toMatchObject({ status: "error", database: "up", pendingMigrations: [last] });
      await sql`insert into kysely_migration (name, timestamp) values (${last}, ${new Date().toISOString()})`.execute(test.db);
      expect((await ready()).status).toBe(200);

      context.lifecycle.draining = true;
      const draining = await ready();
      expect(draining.status).toBe(503);
      expect(draining.data).toEqual({ status: "draining" });
    } finally {
      await test.destroy();
    }
  });
});
