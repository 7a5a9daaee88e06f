import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the server and the CLI resolve public/ and node_modules/.cache from here. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export type EnvOverrides = Record<string, string | undefined>;

/*
 * Variables that change what the app connects to or how it answers. The tests' own shell
 * must not leak them into a child (a developer's DATABASE_URL would point a test at real
 * data); each test states the ones it wants.
 */
const APP_VARIABLES = [
  "DATABASE_URL",
  "DATA_DIR",
  "PORT",
  "HOST",
  "APP_URL",
  "SESSION_SECRET",
  "APP_KEY",
  "NEW_APP_KEY",
  "TRUST_PROXY",
  "NODE_ENV",
  "TEST_DATABASE_URL",
  "HTTPS_CERT",
  "HTTPS_KEY",
  "LOG_LEVEL",
  "LOG_FORMAT",
];

function childEnv(overrides: EnvOverrides): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of APP_VARIABLES) delete env[name];
  env.NODE_ENV = "production";
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

const tempDirs = new Set<string>();

/** A fresh, empty folder under the OS temp dir, removed by `cleanUp()`. */
export function makeTempDir(prefix = "nanum-e2e-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** A port nobody listens on right now: bind port 0, read what the OS gave, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      if (address === null || typeof address === "string") {
        probe.close();
        reject(new Error("Could not read the probe's port"));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr as they arrived, interleaved. */
  output: string;
}

/** A child process the tests started and `cleanUp()` stops: the server, or a long-running CLI command. */
export interface BackgroundProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<ExitResult>;
  /** Sends SIGTERM and waits for the exit; SIGKILL and an error if it does not come in time. */
  stop(timeoutMs?: number): Promise<ExitResult>;
}

export interface ServerProcess extends BackgroundProcess {
  port: number;
  /** http://127.0.0.1:PORT, the server's own origin for requests made from the tests. */
  url: string;
  dataDir: string;
}

const running = new Set<BackgroundProcess>();

/** Collects the child's output and registers it with `cleanUp()`. */
function track(child: ChildProcess, what: string): BackgroundProcess {
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<ExitResult>((resolve) => {
    // "close" rather than "exit": by then stdout and stderr have been read to the end.
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
  const tracked: BackgroundProcess = {
    child,
    output: () => output,
    exited,
    async stop(timeoutMs = 20_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const result = await withTimeout(exited, timeoutMs);
      if (result === "timeout") {
        child.kill("SIGKILL");
        await exited;
        throw new Error(`${what} did not exit within ${timeoutMs} ms of SIGTERM. Its output:\n${output}`);
      }
      return result;
    },
  };
  running.add(tracked);
  void exited.then(() => running.delete(tracked));
  return tracked;
}

/**
 * Spawns `node build/index.js` without waiting for it to be ready. By default the server
 * gets a fresh DATA_DIR and a free port; `env` adds to or overrides that (undefined removes).
 */
export async function spawnServer(options: { env?: EnvOverrides; dataDir?: string; port?: number } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? makeTempDir();
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ["build/index.js"], {
    cwd: repoRoot,
    env: childEnv({ DATA_DIR: dataDir, PORT: String(port), ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { ...track(child, "The server"), port, url: `http://127.0.0.1:${port}`, dataDir };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a server that is expected to give up on its own; fails with its output if it keeps running. */
export async function waitForExit(server: ServerProcess, timeoutMs = 30_000): Promise<ExitResult> {
  const result = await withTimeout(server.exited, timeoutMs);
  if (result === "timeout") {
    const output = server.output();
    await server.stop().catch(() => undefined);
    throw new Error(`The server was expected to exit but still ran after ${timeoutMs} ms. Its output:\n${output}`);
  }
  return result;
}

/** Polls /healthz until it answers 200; fails with the server's output if it exits or takes too long. */
export async function waitUntilHealthy(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  let exit: ExitResult | undefined;
  void server.exited.then((result) => (exit = result));
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(`The server exited (code ${exit.code}, signal ${exit.signal}) before /healthz answered. Its output:\n${exit.output}`);
    }
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `/healthz answered ${response.status}: ${await response.text()}`;
    } catch (error) {
      lastProblem = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop().catch(() => undefined);
  throw new Error(`/healthz did not answer 200 within ${timeoutMs} ms (${lastProblem}). The server's output:\n${server.output()}`);
}

/** Starts the built server and resolves once /healthz answers 200. */
export async function startServer(options: { env?: EnvOverrides; dataDir?: string; port?: number; timeoutMs?: number } = {}): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const server = await spawnServer(options);
    try {
      await waitUntilHealthy(server, options.timeoutMs);
      return server;
    } catch (error) {
      // Between the probe and the server's listen another process may take the free port; pick again.
      const portTaken = options.port === undefined && /EADDRINUSE/.test(server.output());
      if (!portTaken || attempt === 3) throw error;
    }
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command-line tool as `npm run <script>` would (`tsx scripts/cli.ts <command> ...`),
 * with the given environment on top of a clean one. The local tsx binary is what `npx tsx`
 * resolves to; calling it directly skips npm's start-up and its warnings on stderr.
 */
export function runCli(command: string, args: string[] = [], env: EnvOverrides = {}, timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, "node_modules", ".bin", "tsx"), ["scripts/cli.ts", command, ...args], {
      cwd: repoRoot,
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`scripts/cli.ts ${command} did not finish within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts a command of the command-line tool that runs until stopped (`npm run worker`), as
 * runCli runs one that finishes; `stop()` sends SIGTERM, `cleanUp()` stops it too.
 */
export function spawnCli(command: string, args: string[] = [], env: EnvOverrides = {}): BackgroundProcess {
  const child = spawn(path.join(repoRoot, "node_modules", ".bin", "tsx"), ["scripts/cli.ts", command, ...args], {
    cwd: repoRoot,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return track(child, `scripts/cli.ts ${command}`);
}

/** Stops every server this process started and removes the temp folders made here. */
export async function cleanUp(): Promise<void> {
  const failures: unknown[] = [];
  for (const server of [...running]) {
    await server.stop().catch((error: unknown) => failures.push(error));
  }
  for (const dir of tempDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
  if (failures.length) throw failures[0];
}

// If the test process goes down without its hooks (a crash, a timeout kill), take the servers with it.
process.on("exit", () => {
  for (const server of running) server.child.kill("SIGKILL");
});
