/**
 * Start time of the built server to a 200 from /healthz, on an empty data folder
 * (first start: template load, migrations, demo seed) and on a filled one (restart).
 * Usage: npx remix build && npx tsx bench/startup.ts [runs]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function timeToHealthy(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["build/index.js"], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "" },
    stdio: "ignore",
  });
  try {
    for (;;) {
      if (performance.now() - started > 60_000) throw new Error("no /healthz within 60 s");
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${label.padEnd(28)} median ${(median / 1000).toFixed(2)} s  (min ${(sorted[0]! / 1000).toFixed(2)}, max ${(sorted.at(-1)! / 1000).toFixed(2)}, n=${samples.length})`);
}

const runs = Number(process.argv[2] ?? 3);
if (!fs.existsSync("build/index.js")) throw new Error("Run `npx remix build` first.");
const empty: number[] = [];
const filled: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-bench-"));
  try {
    empty.push(await timeToHealthy(dir));
    filled.push(await timeToHealthy(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`Start to /healthz 200 (node build/index.js, embedded PGlite, ${os.cpus().length} cores)`);
summary("empty data folder (first)", empty);
summary("filled data folder (restart)", filled);
