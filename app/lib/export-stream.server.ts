/**
 * Spreadsheet exports written as they are read: rows arrive from the database in batches and go
 * out at once, so the first bytes leave in milliseconds and memory stays bounded whatever the
 * list's size (a whole 10,000-row workbook built in memory took over a second before a byte left).
 */
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { escapeFormula, toCsvCell } from "./spreadsheet.server";
import { drainedOrClosed, writeSheet } from "./xlsx-writer.server";

/** Rows per database round trip when an export is streamed: small enough to keep memory flat. */
export const EXPORT_BATCH_ROWS = 1_000;

/** Rows in the order they go out, a batch at a time; the first row is the header. */
export type RowBatches = AsyncIterable<string[][]>;

export type ExportFormat = "csv" | "xlsx";

export function exportFormat(value: string | null): ExportFormat {
  return value === "xlsx" ? "xlsx" : "csv";
}

/**
 * The batches with the next one always asked for while the current one is written: the
 * database answers the next query while this thread turns the rows into a file (a tenth of a
 * 10,000-row export's time was waiting for the database between batches).
 */
export async function* readingAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      yield current.value;
    }
  } finally {
    // Stopped early (the download was abandoned): the read under way finishes, then the source closes.
    await next.catch(() => undefined);
    await iterator.return?.();
  }
}

/** UTF-8 with a BOM (so Excel reads Hangul), CRLF line ends, formulas made harmless. */
export function csvStream(batches: RowBatches): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = readingAhead(batches);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      const bom = started ? "" : "\uFEFF";
      started = true;
      if (next.done) {
        if (bom) controller.enqueue(encoder.encode(bom));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(bom + next.value.map((row) => `${row.map(toCsvCell).join(",")}\r\n`).join("")));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}

/**
 * One worksheet of text cells (see writeSheet): a bold, frozen header row, formulas escaped as
 * in the CSV, read from the database only as fast as the download takes it.
 */
export function xlsxStream(batches: RowBatches, sheetName: string): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  void (async () => {
    const sheet = await writeSheet(output, { sheetName: sheetName.slice(0, 31), columnWidth: 16 });
    try {
      for await (const batch of readingAhead(batches)) {
        await sheet.addRows(batch.map((cells) => cells.map(escapeFormula)));
        // The next batch is read only as the download keeps up, and not at all once it is gone.
        if (output.writableNeedDrain) await drainedOrClosed(output);
        if (output.destroyed) return;
      }
      await sheet.finish();
    } catch (error) {
      sheet.abort(error as Error);
    }
  })().catch((error: unknown) => output.destroy(error as Error));
  return createReadableStreamFromReadable(output);
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The download: streamed, never cached (personal data), named `<baseName>.<format>`. */
export function exportResponse(format: ExportFormat, baseName: string, sheetName: string, batches: RowBatches): Response {
  return new Response(format === "xlsx" ? xlsxStream(batches, sheetName) : csvStream(batches), {
    headers: {
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${baseName}.${format}"`,
    },
  });
}

/** A list already in memory (a small one), as batches. */
export async function* inOneBatch(rows: string[][]): AsyncGenerator<string[][]> {
  yield rows;
}
