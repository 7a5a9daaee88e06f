import { createLogger, type Logger, type LogSettings } from "../../app/lib/logger.server";

/** A logger whose lines are kept here, parsed (`lines`, filled as they are written) and as text, for a test to read and grep. */
export function collectingLogger(level: LogSettings["level"] = "debug"): { log: Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger(
    { level, format: "json" },
    {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { log, lines, text: () => raw.join("") };
}
