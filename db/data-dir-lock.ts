import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class DataDirLockedError extends Error {}

interface LockInfo {
  pid: number;
  hostname: string;
  holder: string;
  since: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return null;
  }
}

/**
 * PGlite's files belong to one process. The holder (the app, or a command-line tool)
 * writes its pid into DATA_DIR/nanum.lock; anyone else is refused with a message that
 * says what to do. A lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string, holder: string): { release: () => void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "nanum.lock");
  const mine: LockInfo = { pid: process.pid, hostname: os.hostname(), holder, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const other = readLock(file);
      const stale = other === null || (other.hostname === os.hostname() && !isRunning(other.pid));
      if (!stale && other) {
        throw new DataDirLockedError(
          `The data folder ${dataDir} is in use by "${other.holder}" (process ${other.pid}, since ${other.since}).\n` +
            `Stop it first (Ctrl+C in its terminal, or \`kill ${other.pid}\`), then run this command again.\n` +
            `If nothing is running, delete ${file} and try again.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dataDir}; another process keeps taking it.`);
}
