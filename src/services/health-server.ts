import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import type { Metrics } from "./metrics.js";

export interface HealthChecks {
  /** Why the bot cannot serve Discord right now, or null. */
  gateway(): string | null;
  /** Why the store cannot be used right now, or null. */
  store(): Promise<string | null>;
  /** What an operator should know that does not make the bot unhealthy (an empty balance). */
  notes?(): Record<string, string>;
}

export interface HealthServerOptions {
  host: string;
  port: number;
  checks: HealthChecks;
  metrics: Pick<Metrics, "registry" | "healthChecked">;
  /** The bot's version, in every `/healthz` answer. */
  version: string;
  /** A store that does not answer within this long counts as down. */
  storeTimeoutMs: number;
  logger: Logger;
}

/**
 * `/healthz` for process supervisors (200, or 503 with the reason) and `/metrics` for
 * Prometheus, on an address of its own (loopback by default).
 */
export class HealthServer {
  private readonly server: Server;

  constructor(private readonly options: HealthServerOptions) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        options.logger.warn({ err: error }, "health request failed");
        if (!response.headersSent) respond(response, 500, "text/plain", "error");
      });
    });
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method !== "GET") return respond(response, 405, "text/plain", "GET only");
    if (path === "/healthz") {
      const { gateway, store } = await this.problems();
      const reason = gateway ?? store;
      const notes = { version: this.options.version, ...this.options.checks.notes?.() };
      const body = JSON.stringify(
        reason ? { status: "unhealthy", reason, ...notes } : { status: "ok", ...notes },
      );
      return respond(response, reason ? 503 : 200, "application/json", body);
    }
    if (path === "/metrics") {
      const { gateway, store } = await this.problems();
      const { metrics } = this.options;
      metrics.healthChecked({
        gateway: gateway === null,
        store: store === null,
        ttapi_balance: this.options.checks.notes?.().ttapiBalance === undefined,
      });
      return respond(response, 200, metrics.registry.contentType, await metrics.registry.metrics());
    }
    respond(response, 404, "text/plain", "not found");
  }

  private async problems(): Promise<{ gateway: string | null; store: string | null }> {
    return { gateway: this.options.checks.gateway(), store: await this.storeProblem() };
  }

  private async storeProblem(): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve("store did not answer in time"),
        this.options.storeTimeoutMs,
      );
    });
    try {
      return await Promise.race([this.options.checks.store(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function respond(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}
