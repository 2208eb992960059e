import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { type Dispatcher, fetch } from "undici";
import { parseJson, readBody } from "../../services/http-body.js";
import { submitBodySchema } from "../../services/ttapi/ttapi-schemas.js";
import { closeServer, listenOnLoopback, sendJson, sendRaw } from "../http-helpers.js";
import { RequestLog } from "../request-log.js";

/** One answer to one `GET /grok/fetch` of a job. */
export type FetchStep =
  | {
      status: "PENDING_QUEUE" | "ON_QUEUE" | "SUCCESS" | (string & {});
      message?: string;
      delayMs?: number;
      /** On SUCCESS: what `data.videoUrl` says instead of the video's link (TTAPI has sent null and ""). */
      videoUrl?: string | null;
    }
  | { httpStatus: number; message?: string; delayMs?: number }
  | { raw: string; delayMs?: number };

/**
 * How an accepted submit's answer goes missing after TTAPI created (and billed) the job:
 * it comes too late, the connection drops, or an edge answers with its own error page.
 */
export type LostAnswer =
  | { lateMs: number }
  | { dropped: true }
  | { httpStatus: number; html: string };

/** How the fake answers one `POST /grok/generations`. */
export type SubmitStep =
  | {
      accept: true;
      idField?: "jobId" | "job_id";
      steps?: FetchStep[];
      delayMs?: number;
      lostAnswer?: LostAnswer;
    }
  | { httpStatus: number; message: string; delayMs?: number }
  /** An edge's HTML error page instead of TTAPI's JSON; no job was created. */
  | { httpStatus: number; html: string }
  | { rejectWith200: string }
  | { raw: string };

export interface SubmitRecord {
  at: number;
  body: Record<string, unknown>;
  apiKey: string | undefined;
  jobId: string | undefined;
}

export interface FetchRecord {
  at: number;
  jobId: string;
  answer: string;
  apiKey: string | undefined;
}

interface FakeJob {
  id: string;
  /** The account (key) that submitted it: only that key can fetch it. */
  apiKey: string;
  body: Record<string, unknown>;
  steps: FetchStep[];
  cursor: number;
}

/** How the file server answers for one job's video (see `serveVideo`). */
export interface VideoPlan {
  /** Bytes to serve: the fixture, padded to this size (streamed, never held). */
  size?: number;
  /** Answer 500 this many times first. */
  failures?: number;
  /** Stop halfway through the file until this settles (a download caught in the middle). */
  gate?: Promise<void>;
  /** Answer 302 to this location instead (a hostile or hijacked CDN). */
  redirectTo?: string;
  /** Serve this instead of the video, with this content type. */
  instead?: { contentType: string; body: string };
}

/** A real 1-second mp4 (test/fixtures/video): what every finished job's video is. */
const TINY_MP4 = readFileSync(new URL("../../../test/fixtures/video/tiny.mp4", import.meta.url));

export interface FakeTtapiOptions {
  apiKey: string;
  /** Fetch answers for a job nobody scripted; by default chosen from the prompt. */
  defaultSteps?: (body: Record<string, unknown>) => FetchStep[];
  /** Jobs that may run at once before submits get HTTP 499, like a TTAPI account. */
  concurrencyLimit?: number;
  /** Where it listens and what its URLs name (default 127.0.0.1). */
  host?: string;
}

/**
 * A TTAPI Grok video server on 127.0.0.1 that follows the documented contract, with
 * per-job scripts (statuses over successive polls, failures, faults, slow answers).
 */
export class FakeTtapi {
  readonly submits = new RequestLog<SubmitRecord>();
  readonly fetches = new RequestLog<FetchRecord>();
  /** Every request for a video file: the job and the status answered. */
  readonly videoRequests = new RequestLog<{ at: number; jobId: string; status: number }>();
  private readonly videoPlans = new Map<string, VideoPlan>();
  private readonly jobs = new Map<string, FakeJob>();
  private readonly submitScript: SubmitStep[] = [];
  private readonly server: Server;
  private port = 0;
  private fetchesInFlight = 0;
  /** The most fetches this fake served at the same time. */
  peakConcurrentFetches = 0;
  /** The most jobs that were running (accepted, final status not yet fetched) at once. */
  peakRunningJobs = 0;
  /** The accounts' keys TTAPI accepts (the operator's first), and those with no balance left. */
  private readonly accounts = new Set<string>();
  private readonly emptyAccounts = new Set<string>();

  constructor(private readonly options: FakeTtapiOptions) {
    this.accounts.add(options.apiKey);
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        if (!response.headersSent)
          sendJson(response, 500, { status: "FAILED", message: String(error) });
      });
    });
  }

  /** Another TTAPI account (a server's own key): its jobs are its own. */
  addAccount(apiKey: string): void {
    this.accounts.add(apiKey);
  }

  /** The account's key is revoked: TTAPI answers it 401. */
  revokeAccount(apiKey: string): void {
    this.accounts.delete(apiKey);
  }

  /** The account's balance runs out (submits answer 402), or is topped up again. */
  setBalanceEmpty(apiKey: string, empty: boolean): void {
    if (empty) this.emptyAccounts.add(apiKey);
    else this.emptyAccounts.delete(apiKey);
  }

  get baseUrl(): string {
    return `http://${this.options.host ?? "127.0.0.1"}:${this.port}`;
  }

  async start(port = 0): Promise<string> {
    this.port = await listenOnLoopback(this.server, port, this.options.host);
    return this.baseUrl;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** The next submits are answered with these, in order; then the default applies. */
  scriptSubmits(...steps: SubmitStep[]): void {
    this.submitScript.push(...steps);
  }

  /** A job TTAPI accepted before this fake started (e.g. from a store an older bot wrote). */
  knowJob(jobId: string, body: Record<string, unknown>, steps: FetchStep[]): void {
    this.jobs.set(jobId, { id: jobId, apiKey: this.options.apiKey, body, steps, cursor: 0 });
  }

  /** Makes a known job answer these steps from its next poll on. */
  scriptJob(jobId: string, steps: FetchStep[]): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`unknown fake job ${jobId}`);
    job.steps = [...job.steps.slice(0, job.cursor), ...steps];
  }

  /**
   * Finishes a job: its next poll answers `step`, and if the job was submitted with a
   * `hook_url` the fake calls it with the fetch-shaped body, as TTAPI documents
   * (through `dispatcher` when given, e.g. to reuse one keep-alive connection).
   */
  async finishJob(
    jobId: string,
    step: FetchStep = { status: "SUCCESS" },
    dispatcher?: Dispatcher,
  ): Promise<number | undefined> {
    this.scriptJob(jobId, [step]);
    const job = this.jobs.get(jobId)!;
    const hookUrl = job.body.hook_url;
    if (typeof hookUrl !== "string" || !("status" in step)) return undefined;
    const response = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        status: step.status,
        message: step.message ?? "success",
        jobId,
        data: this.stepData(job, step),
      }),
      ...(dispatcher ? { dispatcher } : {}),
    });
    await response.body?.cancel();
    return response.status;
  }

  /** Changes what the file server answers for a job's video. */
  serveVideo(jobId: string, plan: VideoPlan): void {
    this.videoPlans.set(jobId, { ...plan });
  }

  /** The bytes of every finished video (unless `serveVideo` pads it). */
  get videoBytes(): Buffer {
    return TINY_MP4;
  }

  /** URL the fake reports for a finished job's video. */
  videoUrl(jobId: string): string {
    return `${this.baseUrl}/videos/${jobId}.mp4`;
  }

  private runningJobs(): number {
    let running = 0;
    for (const job of this.jobs.values()) {
      // A job holds its slot until a poll has returned its final SUCCESS or FAILED.
      const last = job.steps.at(-1);
      const terminal =
        last && "status" in last && (last.status === "SUCCESS" || last.status === "FAILED");
      if (!(terminal && job.cursor >= job.steps.length)) running++;
    }
    return running;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.baseUrl);
    if (url.pathname.startsWith("/videos/")) return this.video(url.pathname, response);
    const apiKey = headerValue(request, "tt-api-key");
    if (url.pathname === "/grok/generations" && request.method === "POST") {
      const body = asRecord(parseJson(await readBody(request)));
      return this.submit(response, body, apiKey);
    }
    if (url.pathname === "/grok/fetch" && (request.method === "GET" || request.method === "POST")) {
      const jobId =
        url.searchParams.get("jobId") ??
        String(asRecord(parseJson(await readBody(request))).jobId ?? "");
      this.fetchesInFlight++;
      this.peakConcurrentFetches = Math.max(this.peakConcurrentFetches, this.fetchesInFlight);
      try {
        return await this.fetch(response, jobId, apiKey);
      } finally {
        this.fetchesInFlight--;
      }
    }
    sendJson(response, 404, { status: "FAILED", message: "Not Found", data: null });
  }

  /** TTAPI's file server (a CDN): the video's bytes, as a plan says. */
  private async video(path: string, response: ServerResponse): Promise<void> {
    const jobId = path.slice("/videos/".length).replace(/\.mp4$/, "");
    const plan = this.videoPlans.get(jobId) ?? {};
    const log = (status: number) => this.videoRequests.add({ at: Date.now(), jobId, status });
    if (plan.failures) {
      plan.failures--;
      log(500);
      return sendJson(response, 500, { message: "file server error" });
    }
    if (plan.redirectTo) {
      log(302);
      response.writeHead(302, { location: plan.redirectTo });
      return void response.end();
    }
    if (plan.instead) {
      log(200);
      response.writeHead(200, { "content-type": plan.instead.contentType });
      return void response.end(plan.instead.body);
    }
    const size = plan.size ?? TINY_MP4.length;
    log(200);
    response.writeHead(200, { "content-type": "video/mp4", "content-length": String(size) });
    // Half the file, then the gate: the download is caught in the middle.
    const half = Math.min(size, TINY_MP4.length) >> 1;
    response.write(TINY_MP4.subarray(0, half));
    await plan.gate;
    response.write(TINY_MP4.subarray(half, Math.min(size, TINY_MP4.length)));
    const padding = Buffer.alloc(64 * 1024);
    for (let sent = TINY_MP4.length; sent < size && !response.destroyed; sent += padding.length) {
      const more = response.write(padding.subarray(0, Math.min(padding.length, size - sent)));
      // A client that stops reading (it hit its limit) closes: stop writing then too.
      if (!more) await once(response, "drain", "close");
    }
    response.end();
  }

  private async submit(
    response: ServerResponse,
    body: Record<string, unknown>,
    apiKey: string | undefined,
  ): Promise<void> {
    const record: SubmitRecord = { at: Date.now(), body, apiKey, jobId: undefined };
    const finish = (jobId?: string) => this.submits.add({ ...record, jobId });
    if (apiKey === undefined || !this.accounts.has(apiKey)) {
      finish();
      return sendJson(response, 401, {
        status: "FAILED",
        message: "Wrong TT-API-KEY or email is not activated.",
      });
    }
    if (this.emptyAccounts.has(apiKey)) {
      finish();
      return sendJson(response, 402, {
        status: "FAILED",
        message: "Insufficient balance.",
        data: null,
      });
    }
    // Like TTAPI, refuse bodies that break the documented contract (400, no job).
    const contract = submitBodySchema.safeParse(body);
    if (!contract.success) {
      finish();
      const fields = contract.error.issues.map((issue) => issue.path.join(".")).join(", ");
      return sendJson(response, 400, {
        status: "FAILED",
        message: `Invalid parameters: ${fields}`,
        data: null,
      });
    }
    const step = this.submitScript.shift() ?? this.defaultSubmit(body);
    if ("delayMs" in step && step.delayMs) await sleep(step.delayMs);
    if ("raw" in step) {
      finish();
      return sendRaw(response, 200, step.raw);
    }
    if ("rejectWith200" in step) {
      finish();
      return sendJson(response, 200, { status: "FAILED", message: step.rejectWith200, data: null });
    }
    if ("html" in step) {
      finish();
      return sendHtml(response, step.httpStatus, step.html);
    }
    if ("httpStatus" in step) {
      finish();
      return sendJson(response, step.httpStatus, {
        status: "FAILED",
        message: step.message,
        data: null,
      });
    }
    const limit = this.options.concurrencyLimit;
    if (limit !== undefined && this.runningJobs() >= limit) {
      finish();
      return sendJson(response, 499, {
        status: "FAILED",
        message: "The concurrent queue of your account is exhausted.",
        data: null,
      });
    }
    const id = randomUUID();
    const steps = step.steps ?? this.options.defaultSteps?.(body) ?? stepsForPrompt(body);
    this.jobs.set(id, { id, apiKey, body, steps, cursor: 0 });
    this.peakRunningJobs = Math.max(this.peakRunningJobs, this.runningJobs());
    finish(id);
    const lost = step.lostAnswer;
    if (lost && "dropped" in lost) return void response.socket?.destroy();
    if (lost && "html" in lost) return sendHtml(response, lost.httpStatus, lost.html);
    if (lost) await sleep(lost.lateMs);
    const idField = step.idField ?? "jobId";
    sendJson(response, 200, { status: "SUCCESS", message: "success", data: { [idField]: id } });
  }

  private async fetch(
    response: ServerResponse,
    jobId: string,
    apiKey: string | undefined,
  ): Promise<void> {
    const record = (answer: string) => this.fetches.add({ at: Date.now(), jobId, answer, apiKey });
    if (apiKey === undefined || !this.accounts.has(apiKey)) {
      record("401");
      return sendJson(response, 401, {
        status: "FAILED",
        message: "Wrong TT-API-KEY or email is not activated.",
      });
    }
    const job = this.jobs.get(jobId);
    // Another account's job is as unknown as one that never existed.
    if (!job || job.apiKey !== apiKey) {
      record("404");
      return sendJson(response, 404, { status: "FAILED", message: "job not found", data: null });
    }
    const step = job.steps[Math.min(job.cursor, job.steps.length - 1)] ?? { status: "ON_QUEUE" };
    job.cursor++;
    if (step.delayMs) await sleep(step.delayMs);
    if ("raw" in step) {
      record("raw");
      return sendRaw(response, 200, step.raw);
    }
    if ("httpStatus" in step) {
      record(String(step.httpStatus));
      return sendJson(response, step.httpStatus, {
        status: "FAILED",
        message: step.message ?? "error",
        data: null,
      });
    }
    record(step.status);
    sendJson(response, 200, {
      status: step.status,
      message: step.message ?? (step.status === "FAILED" ? "failed" : "success"),
      jobId,
      data: this.stepData(job, step),
    });
  }

  private defaultSubmit(body: Record<string, unknown>): SubmitStep {
    const prompt = String(body.prompt ?? "");
    if (prompt.includes("[banned]")) {
      return { httpStatus: 400, message: "The prompt contains banned words." };
    }
    return { accept: true };
  }

  /** What a status answer (a poll's or a callback's) carries as `data`. */
  private stepData(job: FakeJob, step: FetchStep & { status: string }) {
    if (step.status !== "SUCCESS") return null;
    const data = this.successData(job);
    return "videoUrl" in step ? { ...data, videoUrl: step.videoUrl ?? null } : data;
  }

  /** SUCCESS data exactly as TTAPI documents it: camelCase, every value a string. */
  private successData(job: FakeJob): Record<string, string | null> {
    const length = String(job.body.video_length ?? "10");
    const refer = job.body.refer_images;
    return {
      videoId: `video_${job.id.replaceAll("-", "").slice(0, 24)}`,
      prompt: String(job.body.prompt ?? ""),
      aspectRatio: String(job.body.aspect_ratio ?? "16:9"),
      videoLength: length,
      resolutionName: String(job.body.resolution_name ?? "720p"),
      referImage: Array.isArray(refer) && refer.length > 0 ? String(refer[0]) : "",
      videoUrl: this.videoUrl(job.id),
      quota: String(Math.round((Number(length) * 9) / 30)),
      finishTime: new Date().toISOString().slice(0, 19).replace("T", " "),
      hookUrl: null,
    };
  }
}

/**
 * Default behaviour chosen from the prompt, so a developer can drive the fake from a
 * real Discord client: `[fail]` fails, `[slow]` takes longer, `[banned]` is refused.
 */
function stepsForPrompt(body: Record<string, unknown>): FetchStep[] {
  const prompt = String(body.prompt ?? "");
  if (prompt.includes("[fail]")) {
    return [
      { status: "ON_QUEUE" },
      { status: "FAILED", message: "Video generation failed: content moderation" },
    ];
  }
  const generating: FetchStep[] = Array.from({ length: prompt.includes("[slow]") ? 6 : 1 }, () => ({
    status: "ON_QUEUE",
  }));
  return [{ status: "PENDING_QUEUE" }, ...generating, { status: "SUCCESS" }];
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { "content-type": "text/html" });
  response.end(html);
}

/** Resolves on whichever of `events` the emitter fires first. */
function once(emitter: ServerResponse, ...events: string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of events) emitter.off(event, done);
      resolve();
    };
    for (const event of events) emitter.on(event, done);
  });
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
