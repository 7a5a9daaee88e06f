import { describe, expect, it } from "vitest";
import * as healthz from "../../app/routes/healthz";
import { createTestDatabase } from "../helpers/db";
import { getRequest, outcome, testContext } from "../helpers/routes";

describe("/healthz", () => {
  it("answers 200 while the database answers and 503 once it does not", async () => {
    const test = await createTestDatabase();
    const context = testContext(test.db, { engine: test.engine });
    const up = await outcome(() => healthz.loader({ request: getRequest("/healthz"), params: {}, context }));
    expect(up.status).toBe(200);
    expect(up.data).toEqual({ status: "ok", database: "up", engine: test.engine });

    await test.destroy();
    const down = await outcome(() => healthz.loader({ request: getRequest("/healthz"), params: {}, context }));
    expect(down.status).toBe(503);
    expect(down.data).toMatchObject({ status: "error", database: "down" });
  });
});
