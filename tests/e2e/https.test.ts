import { execFileSync } from "node:child_process";
import https from "node:https";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanUp, makeTempDir, spawnServer, waitForExit } from "../helpers/server";

afterAll(() => cleanUp());

function get(url: string): Promise<{ status: number; body: string; hsts?: string }> {
  return new Promise((resolve, reject) => {
    // A venue laptop's own certificate: not from a public authority, so this client is told to accept it.
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, hsts: res.headers["strict-transport-security"] }));
      })
      .on("error", reject);
  });
}

describe("serving HTTPS itself (HTTPS_CERT, HTTPS_KEY)", () => {
  it("answers over TLS with the given certificate, so phones get a secure origin for the camera", async () => {
    const dir = makeTempDir("nanum-tls-");
    const cert = path.join(dir, "cert.pem");
    const key = path.join(dir, "key.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=nanum.local", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
      { stdio: "ignore" },
    );
    const server = await spawnServer({ env: { HTTPS_CERT: cert, HTTPS_KEY: key } });
    let answer: { status: number; body: string; hsts?: string } = { status: 0, body: "" };
    for (let i = 0; i < 300 && answer.status !== 200; i++) {
      answer = await get(`https://127.0.0.1:${server.port}/healthz`).catch(() => answer);
      if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: "ok" });
    // Over HTTPS the browser is told to stay on it for a year.
    expect(answer.hsts).toBe("max-age=31536000");
    expect(server.output()).toContain(`https://localhost:${server.port}`);
    await server.stop();
  });

  it("refuses to start with only one of the two, naming them", async () => {
    const server = await spawnServer({ env: { HTTPS_CERT: "/nonexistent/cert.pem" } });
    const exit = await waitForExit(server);
    expect(exit.code).not.toBe(0);
    expect(exit.output).toMatch(/HTTPS_CERT and HTTPS_KEY go together/);
  });
});
