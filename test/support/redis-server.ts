import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@redis/client";
import { freePort } from "./e2e-helpers.js";

export interface RedisServer {
  url: string;
  port: number;
  /** Empties the server between tests. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Why Redis tests cannot run here, or undefined when `redis-server` is installed. */
export function redisUnavailable(): string | undefined {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return undefined;
  } catch {
    const reason = "redis-server is not installed (apt-get install redis-server)";
    // CI installs it (.ci/run): there, a missing server is a failure, not a skip.
    if (process.env.CI === "true") throw new Error(`Redis tests cannot run in CI: ${reason}`);
    return reason;
  }
}

/** A self-signed certificate for `localhost` and 127.0.0.1, as a private CA's would be. */
export function selfSignedCertificate(): { certFile: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), "grok-tls-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
      ...["-keyout", keyFile, "-out", certFile, "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile };
}

/**
 * A real redis-server of the test's own on a free loopback port (or in a network namespace
 * of the test's own), nothing saved to disk; with a password and TLS only as managed Redis
 * services run it, when asked.
 * Never a mock: the store code runs against Redis as in production.
 */
export async function startRedis(
  options: {
    /** Another address of the test's own (a network namespace's) instead of loopback. */
    host?: string;
    /** A command-line prefix it runs under (`ip netns exec …`). */
    wrap?: string[];
    password?: string;
    /** TLS only, with this certificate (clients are not asked for one). */
    tls?: { certFile: string; keyFile: string };
  } = {},
): Promise<RedisServer> {
  const host = options.host ?? "127.0.0.1";
  // A namespace of the test's own has every port free.
  const port = options.host ? 6379 : await freePort();
  const { tls, password } = options;
  const [command, ...args] = [
    ...(options.wrap ?? []),
    "redis-server",
    ...(tls
      ? ["--port", "0", "--tls-port", String(port), "--tls-auth-clients", "no"]
      : ["--port", String(port)]),
    ...(tls ? ["--tls-cert-file", tls.certFile, "--tls-key-file", tls.keyFile] : []),
    ...(tls ? ["--tls-ca-cert-file", tls.certFile] : []),
    ...(password ? ["--requirepass", password] : []),
    ...["--bind", host, "--save", "", "--appendonly", "no"],
    // Off loopback Redis refuses clients without a password unless told otherwise; the
    // namespace's bridge is the test's own.
    ...(options.host ? ["--protected-mode", "no"] : []),
  ];
  const child: ChildProcess = spawn(command!, args, { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start in 5 s")), 5_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  const url = `${tls ? "rediss" : "redis"}://${password ? `default:${password}@` : ""}${tls ? "localhost" : host}:${port}`;
  // Connected on first use: a TLS server's client would need the certificate.
  const admin = createClient({ url });
  return {
    url,
    port,
    async flush() {
      if (!admin.isOpen) await admin.connect();
      await admin.flushAll();
    },
    async stop() {
      if (admin.isOpen) await admin.quit();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
