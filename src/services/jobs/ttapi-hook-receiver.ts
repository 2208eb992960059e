import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../../logger.js";
import { parseJson, readBody } from "../http-body.js";
import { fetchResponseSchema } from "../ttapi/ttapi-schemas.js";
import { awaitsLateConfirmation, isTerminal, type JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";

const MAX_BODY_BYTES = 64 * 1024;
const HOOK_PATH = "/ttapi-hook";

export interface TtapiHookReceiverOptions {
  jobs: Pick<JobStore, "get">;
  /**
   * Hands a genuine callback's job to the process that owns it, which confirms with a
   * fetch: this process's tracker, or (under sharding) the owning shard. For a job whose
   * submit went unanswered, `claimed` is the TTAPI job id the callback names.
   */
  confirm: (job: JobRecord, claimed?: string) => Promise<void>;
  logger: Logger;
  /** A request (headers and body) taking longer than this is cut off: no slow-loris. */
  requestTimeoutMs: number;
  /** Connections open at once; more are refused until some close. */
  maxConnections: number;
  /** How long after a request a callback may still name a job given up as unconfirmed. */
  lateWindowMs?: number;
}

/**
 * Receives TTAPI's completion callbacks (`hook_url`). They are unauthenticated, so one is
 * only a hint: the URL must carry the job's secret token, the body must be small and look
 * like a fetch response, and then the bot fetches the job itself before showing anything.
 * Unknown, forged and replayed callbacks change nothing and are logged.
 *
 * It is reachable from the internet, so every request gets an answer and none can hold
 * a connection: a rejection closes the connection instead of leaving an unread body on
 * it, bodies are refused by their declared length before any is read, and requests
 * that trickle in are cut off after `requestTimeoutMs`.
 */
export class TtapiHookReceiver {
  private readonly server: Server;

  constructor(private readonly options: TtapiHookReceiverOptions) {
    const timeout = options.requestTimeoutMs;
    this.server = createServer(
      {
        requestTimeout: timeout,
        headersTimeout: timeout,
        // Node enforces both timeouts on a timer of its own (30 s unless told).
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(timeout / 4))),
      },
      (request, response) => {
        this.handle(request, response).catch((error: unknown) => {
          options.logger.error({ err: error }, "callback handling failed");
          if (!response.headersSent) reject(response, 500);
        });
      },
    );
    this.server.maxConnections = options.maxConnections;
  }

  /** The URL TTAPI should call for a job, below the public base the operator exposes. */
  static urlFor(publicBase: string, jobId: string, token: string): string {
    const base = publicBase.replace(/\/+$/, "");
    return `${base}${HOOK_PATH}/${encodeURIComponent(jobId)}/${token}`;
  }

  async listen(port: number, host = "0.0.0.0"): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { logger, jobs, confirm } = this.options;
    const parts = (request.url ?? "").split("?")[0]!.split("/");
    // ["", "ttapi-hook", jobId, token]
    if (request.method !== "POST" || `/${parts[1]}` !== HOOK_PATH || parts.length !== 4) {
      return reject(response, 404);
    }
    const jobId = decodedOrUndefined(parts[2]!);
    if (jobId === undefined) {
      // Not even a URL: a scanner, not TTAPI. Nothing worth more than a debug line.
      logger.debug(
        { path: request.url?.slice(0, 100) },
        "callback path is not valid percent-encoding",
      );
      return reject(response, 404);
    }
    const token = parts[3]!;
    const job = await jobs.get(jobId);
    if (!job?.hookToken || !sameSecret(job.hookToken, token)) {
      logger.warn(
        { jobId, remote: request.socket.remoteAddress },
        "callback for an unknown job or with a wrong token; ignored",
      );
      return reject(response, 404);
    }
    const declared = Number(request.headers["content-length"] ?? 0);
    const body = declared > MAX_BODY_BYTES ? undefined : await readBody(request, MAX_BODY_BYTES);
    if (body === undefined) {
      logger.warn({ jobId }, "callback body too large; ignored");
      return reject(response, 413);
    }
    const parsed = fetchResponseSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      logger.warn({ jobId }, "callback body is not a TTAPI job status; ignored");
      return reject(response, 400);
    }
    // A job given up as never confirmed may still be named: TTAPI made it after all.
    const late = awaitsLateConfirmation(job, Date.now(), this.options.lateWindowMs ?? 0);
    if (isTerminal(job) && !late) {
      logger.info({ jobId }, "callback for a finished job (replayed?); ignored");
      return answer(response, 200);
    }
    // The callback's content is never shown: a fetch confirms the job's real state (and,
    // for a submit TTAPI never answered, that the job it names exists).
    const claimed =
      job.status === "unconfirmed" || late ? (parsed.data.jobId ?? undefined) : undefined;
    await confirm(job, claimed);
    logger.info(
      { jobId, claimed: parsed.data.status },
      "callback received; confirming with a fetch",
    );
    answer(response, 202);
  }
}

function decodedOrUndefined(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function answer(response: ServerResponse, status: number): void {
  response.writeHead(status, { "content-type": "text/plain" });
  response.end();
}

/**
 * Answers and closes the connection: whatever is left of the request body is not read,
 * so the connection cannot carry another request (it would be read as that body).
 */
function reject(response: ServerResponse, status: number): void {
  response.writeHead(status, { "content-type": "text/plain", connection: "close" });
  response.end();
}
