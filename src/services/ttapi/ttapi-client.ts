import { type Dispatcher, request } from "undici";
import type { z } from "zod";
import { type BackoffPolicy, withBackoff } from "../backoff.js";
import type { GenerationRequest } from "../generation-request.js";
import { parseJson } from "../http-body.js";
import {
  isRejectedBeforeWork,
  kindForHttpStatus,
  TtapiError,
  type TtapiErrorKind,
} from "./ttapi-error.js";
import {
  fetchResponseSchema,
  type JobProgress,
  type SubmitBody,
  submitResponseSchema,
  successDataSchema,
} from "./ttapi-schemas.js";

export interface TtapiClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  resolution: "720p" | "480p";
  model?: string;
  /** Retries inside one call (3 attempts from 500 ms unless set). */
  backoff?: BackoffPolicy;
  dispatcher?: Dispatcher;
  /** Told of every HTTP request to TTAPI (each retry too): how long, and how it failed. */
  observe?: (request: TtapiRequestObservation) => void;
}

export interface TtapiRequestObservation {
  operation: "submit" | "fetch";
  seconds: number;
  /** null when TTAPI answered as documented. */
  error: TtapiErrorKind | null;
}

/** Connection errors that happen before a single byte of the request was sent. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** No TTAPI job has this id: asking for it costs nothing and changes nothing. */
export const KEY_CHECK_JOB_ID = "00000000-0000-0000-0000-000000000000";

/** Whether TTAPI took the key: `unchecked` when TTAPI did not answer the question. */
export type KeyCheck =
  | { verdict: "accepted" }
  | { verdict: "refused" | "unchecked"; error: TtapiError };

const DEFAULT_BACKOFF: BackoffPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 };

/** TTAPI's Grok video endpoints: submit a generation, fetch its state. */
export class TtapiClient {
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: TtapiClientOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /**
   * Starts a paid job. Retried only when TTAPI certainly did not act on the request;
   * a timeout after sending is reported, never resubmitted (it could double-charge).
   */
  async submit(input: GenerationRequest, hookUrl?: string): Promise<{ jobId: string }> {
    const body: SubmitBody = {
      prompt: input.prompt,
      aspect_ratio: input.aspectRatio,
      video_length: String(input.videoLength),
      resolution_name: this.options.resolution,
      ...(input.referImages.length > 0 ? { refer_images: input.referImages } : {}),
      ...(hookUrl ? { hook_url: hookUrl } : {}),
      ...(this.options.model ? { model: this.options.model } : {}),
    };
    return withBackoff(
      async () => {
        const parsed = await this.call("POST", "/grok/generations", submitResponseSchema, body);
        const jobId = parsed.data?.jobId ?? parsed.data?.job_id;
        if (parsed.status === "SUCCESS" && jobId) return { jobId };
        // TTAPI sometimes rejects with HTTP 200 and status FAILED: no job was created.
        const reason = parsed.message ?? "TTAPI did not return a job id";
        throw new TtapiError(
          parsed.status === "FAILED" ? "invalid" : "malformed",
          `TTAPI submit rejected: ${reason}`,
          {
            reason,
            mayHaveReachedTtapi: parsed.status !== "FAILED",
          },
        );
      },
      this.backoff,
      (error) =>
        error instanceof TtapiError && error.transient && !error.details.mayHaveReachedTtapi,
    );
  }

  /** Reads a job's state; safe to repeat, so every transient failure is retried. */
  async fetchJob(jobId: string): Promise<JobProgress> {
    const path = `/grok/fetch?jobId=${encodeURIComponent(jobId)}`;
    const parsed = await withBackoff(
      () => this.call("GET", path, fetchResponseSchema),
      this.backoff,
      (error) => error instanceof TtapiError && error.transient,
    );
    return interpretFetch(parsed);
  }

  /**
   * Asks TTAPI about a job that cannot exist: free, and answered 401 only when the key
   * itself is refused. Lets a wrong key show at start, not at a member's first video.
   */
  async checkKey(): Promise<KeyCheck> {
    try {
      await this.request("GET", `/grok/fetch?jobId=${KEY_CHECK_JOB_ID}`, fetchResponseSchema);
      return { verdict: "accepted" };
    } catch (error) {
      if (!(error instanceof TtapiError)) throw error;
      if (error.kind === "auth") return { verdict: "refused", error };
      if (error.kind === "invalid" || error.kind === "malformed") return { verdict: "accepted" };
      return { verdict: "unchecked", error };
    }
  }

  private async call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const startedAt = performance.now();
    const observe = (error: TtapiErrorKind | null) =>
      this.options.observe?.({
        operation: method === "POST" ? "submit" : "fetch",
        seconds: (performance.now() - startedAt) / 1000,
        error,
      });
    try {
      const parsed = await this.request(method, path, schema, body);
      observe(null);
      return parsed;
    } catch (error) {
      observe(error instanceof TtapiError ? error.kind : "network");
      throw error;
    }
  }

  private async request<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const url = new URL(path, withTrailingSlash(this.options.baseUrl));
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await request(url, {
        method,
        headers: {
          "content-type": "application/json",
          "tt-api-key": this.options.apiKey,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        dispatcher: this.options.dispatcher,
      });
      // TTAPI's text may echo the key it was sent (a refusal naming it): whatever is read
      // from it (reasons, log excerpts, failure messages) never carries the key on.
      text = withoutKey(await response.body.text(), this.options.apiKey);
    } catch (error) {
      throw networkError(error, method, path);
    }

    const json = parseJson(text);
    const reason = readReason(json);
    // Not TTAPI's JSON (an edge's HTML error page): its start goes to the log, never to members.
    const bodyExcerpt = json === undefined ? excerpt(text) : undefined;
    if (response.statusCode >= 400) {
      const status = response.statusCode;
      throw new TtapiError(
        kindForHttpStatus(status),
        `TTAPI ${method} ${url.pathname}: ${status}`,
        {
          httpStatus: status,
          reason,
          mayHaveReachedTtapi: !isRejectedBeforeWork(status),
          ...(bodyExcerpt === undefined ? {} : { bodyExcerpt }),
        },
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new TtapiError("malformed", `TTAPI ${method} ${url.pathname}: unexpected body`, {
        httpStatus: response.statusCode,
        mayHaveReachedTtapi: true,
        ...(bodyExcerpt === undefined ? {} : { bodyExcerpt }),
      });
    }
    return parsed.data;
  }
}

function interpretFetch(body: z.infer<typeof fetchResponseSchema>): JobProgress {
  switch (body.status) {
    case "PENDING_QUEUE":
      return { state: "queued" };
    case "ON_QUEUE":
      return { state: "generating" };
    case "FAILED":
      return { state: "failed", reason: body.message?.trim() || "TTAPI reported a failure" };
    case "SUCCESS": {
      // SUCCESS is an ending whatever its data holds: polling again would not bring a file.
      const data = successDataSchema.safeParse(body.data ?? {});
      return {
        state: "succeeded",
        videoUrl: data.success ? (data.data.videoUrl ?? null) : null,
        credits: data.success ? (data.data.quota ?? null) : null,
        finishedAt: data.success ? (data.data.finishTime ?? null) : null,
      };
    }
    default:
      // Undocumented statuses are treated as "still running" until the give-up deadline.
      return { state: "unknown", rawStatus: body.status };
  }
}

function networkError(error: unknown, method: string, path: string): TtapiError {
  const name = error instanceof Error ? error.name : "";
  const code = errorCode(error);
  const where = `TTAPI ${method} ${path.split("?")[0]}`;
  if (name === "TimeoutError" || name === "AbortError" || code?.includes("TIMEOUT")) {
    return new TtapiError("timeout", `${where}: no answer in time`, {
      mayHaveReachedTtapi: code !== "UND_ERR_CONNECT_TIMEOUT",
    });
  }
  return new TtapiError("network", `${where}: ${code ?? "connection failed"}`, {
    mayHaveReachedTtapi: !(code && NOT_SENT_CODES.has(code)),
  });
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (typeof current !== "object") return undefined;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function readReason(json: unknown): string | undefined {
  if (json && typeof json === "object" && "message" in json) {
    const message = (json as { message: unknown }).message;
    if (typeof message === "string" && message.trim() !== "") return message.trim().slice(0, 300);
  }
  return undefined;
}

function withoutKey(text: string, apiKey: string): string {
  return apiKey.length >= 4 ? text.split(apiKey).join("[redacted]") : text;
}

function excerpt(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 160);
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
