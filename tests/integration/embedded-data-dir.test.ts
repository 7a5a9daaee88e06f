import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { secureStoredKeys } from "../../app/domain/stored-keys.server";
import { embeddedAppKey } from "../../app/lib/env.server";
import { openEmbeddedDatabase } from "../../db/connect";
import { DataDirLockedError } from "../../db/data-dir-lock";
import { seedDemo } from "../../scripts/seed";

// The embedded database on disk, whatever engine the rest of the suite uses.
describe("the embedded data folder", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("resumes an interrupted first start: the next start seeds what the first did not", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-embedded-"));
    dirs.push(dataDir);
    await expect(
      openEmbeddedDatabase(dataDir, {
        holder: "test",
        onCreate: async () => {
          throw new Error("power cut");
        },
      }),
    ).rejects.toThrow("power cut");
    expect(fs.existsSync(path.join(dataDir, "pgdata", "nanum.ready"))).toBe(false);
    // The failed start held PGlite open in this process; a real crash would have ended it.
    fs.rmSync(path.join(dataDir, "nanum.lock"), { force: true });

    const handle = await openEmbeddedDatabase(dataDir, {
      holder: "test",
      onOpen: (db) => secureStoredKeys(db, embeddedAppKey(dataDir)),
      onCreate: async (db) => void (await seedDemo(db)),
    });
    try {
      expect(handle.created).toBe(true);
      const events = await handle.db.selectFrom("events").select("slug").execute();
      expect(events).toHaveLength(2);
    } finally {
      await handle.close();
    }

    const again = await openEmbeddedDatabase(dataDir, {
      holder: "test",
      onCreate: async () => {
        throw new Error("must not seed twice");
      },
    });
    try {
      expect(again.created).toBe(false);
      expect(await again.db.selectFrom("events").select("slug").execute()).toHaveLength(2);
      await expect(openEmbeddedDatabase(dataDir, { holder: "second" })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await again.close();
    }
  });
});
