import { spawn } from "node:child_process";
import { ensureEmbeddedTemplate } from "../../db/template";
import { repoRoot } from "../helpers/server";

/**
 * Builds the app once, so the tests run the current code, and makes sure the migrated
 * PGlite template exists, so each fresh data folder costs under a second instead of an initdb.
 */
export default async function setup(): Promise<void> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("npx", ["remix", "build"], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`\`npx remix build\` failed with exit code ${code}:\n${output}`))));
  });
  await ensureEmbeddedTemplate();
  console.log(`e2e: built the app and checked the database template in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
