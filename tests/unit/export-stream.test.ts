import { describe, expect, it } from "vitest";
import { csvStream, xlsxStream, type RowBatches } from "../../app/lib/export-stream.server";

/**
 * 100 batches of 1,000 rows, each made only when asked for and after a moment (as a database
 * answers); tells how many were asked for and whether the reading was closed.
 */
function countedBatches(): { batches: RowBatches; pulled: () => number; finished: () => boolean } {
  let pulled = 0;
  let finished = false;
  async function* generate() {
    try {
      yield [["이름", "소속"]];
      for (let batch = 0; batch < 100; batch++) {
        pulled += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
        yield Array.from({ length: 1_000 }, (_, i) => [`손님${batch * 1_000 + i}`, `파주시 교육기관 ${i % 40}`]);
      }
    } finally {
      finished = true;
    }
  }
  return { batches: generate(), pulled: () => pulled, finished: () => finished };
}

async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("a streamed export", () => {
  for (const [format, stream] of [
    ["xlsx", (batches: RowBatches) => xlsxStream(batches, "명단")],
    ["csv", csvStream],
  ] as const) {
    it(`stops reading rows when the ${format} download is abandoned`, async () => {
      const source = countedBatches();
      const reader = stream(source.batches).getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
      await eventually(source.finished);
      expect(source.finished()).toBe(true);
      expect(source.pulled()).toBeLessThan(100);
    });
  }

  it("reads only a little ahead of an .xlsx download that is not being read", async () => {
    const source = countedBatches();
    const reader = xlsxStream(source.batches, "명단").getReader();
    expect((await reader.read()).done).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(source.pulled(), "batches read").toBeLessThan(25);
    await reader.cancel();
  });
});

describe("a slow .xlsx download read to the end", () => {
  it("waits for it without piling up listeners", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const source = countedBatches();
      const reader = xlsxStream(source.batches, "명단").getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(source.pulled()).toBe(100);
      expect(bytes).toBeGreaterThan(100_000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
