import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import type { GenerationRequest } from "../../src/services/generation-request.js";
import { TtapiClient, type TtapiClientOptions } from "../../src/services/ttapi/ttapi-client.js";
import { TtapiError } from "../../src/services/ttapi/ttapi-error.js";

const API_KEY = "tt-secret-key-123";
const request: GenerationRequest = {
  prompt: "a cat surfing",
  aspectRatio: "9:16",
  videoLength: 20,
  referImages: ["https://example.com/a.png"],
};

let fake: FakeTtapi;
const client = (overrides: Partial<TtapiClientOptions> = {}) =>
  new TtapiClient({
    baseUrl: fake.baseUrl,
    apiKey: API_KEY,
    timeoutMs: 2_000,
    resolution: "720p",
    backoff: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    ...overrides,
  });

async function caught(promise: Promise<unknown>): Promise<TtapiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TtapiError);
  return error as TtapiError;
}

beforeAll(async () => {
  fake = new FakeTtapi({ apiKey: API_KEY });
  await fake.start();
});
afterAll(() => fake.stop());

describe("TtapiClient.submit", () => {
  it("sends the documented body and key header, video_length as a string", async () => {
    const { jobId } = await client().submit(request);
    const submit = await fake.submits.waitFor((s) => s.jobId === jobId);
    expect(submit.apiKey).toBe(API_KEY);
    expect(submit.body).toEqual({
      prompt: "a cat surfing",
      aspect_ratio: "9:16",
      video_length: "20",
      resolution_name: "720p",
      refer_images: ["https://example.com/a.png"],
    });
  });

  it("accepts data.job_id as well as data.jobId", async () => {
    fake.scriptSubmits({ accept: true, idField: "job_id" });
    const { jobId } = await client().submit(request);
    expect(fake.submits.entries.at(-1)?.jobId).toBe(jobId);
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [402, "balance"],
    [400, "invalid"],
  ] as const)("maps HTTP %i to %s without retrying", async (status, kind) => {
    const before = fake.submits.entries.length;
    fake.scriptSubmits({ httpStatus: status, message: "The prompt contains banned words." });
    const error = await caught(client().submit(request));
    expect(error.kind).toBe(kind);
    expect(error.reason).toBe("The prompt contains banned words.");
    expect(fake.submits.entries.length - before).toBe(1);
  });

  it("treats HTTP 200 with status FAILED as a rejection with TTAPI's reason", async () => {
    fake.scriptSubmits({ rejectWith200: "prompt violates policy" });
    const error = await caught(client().submit(request));
    expect(error.kind).toBe("invalid");
    expect(error.reason).toBe("prompt violates policy");
  });

  it("retries 429/499/503, which prove no job was created", async () => {
    const before = fake.submits.entries.length;
    fake.scriptSubmits(
      { httpStatus: 499, message: "concurrent queue exhausted" },
      { httpStatus: 503, message: "unavailable" },
      { accept: true },
    );
    const { jobId } = await client().submit(request);
    expect(jobId).toBeTruthy();
    expect(fake.submits.entries.length - before).toBe(3);
  });

  it("does not resubmit after a 500 or a timeout: the job may exist and be paid for", async () => {
    let before = fake.submits.entries.length;
    fake.scriptSubmits({ httpStatus: 500, message: "boom" });
    expect((await caught(client().submit(request))).kind).toBe("server");
    expect(fake.submits.entries.length - before).toBe(1);

    before = fake.submits.entries.length;
    fake.scriptSubmits({ accept: true, delayMs: 500 });
    const timeout = await caught(client({ timeoutMs: 100 }).submit(request));
    expect(timeout.kind).toBe("timeout");
    expect(timeout.details.mayHaveReachedTtapi).toBe(true);
    await fake.submits.waitFor(() => fake.submits.entries.length > before);
    expect(fake.submits.entries.length - before).toBe(1);
  });

  it("reports a wrong key as auth, and never puts the key in the error", async () => {
    const error = await caught(client({ apiKey: "wrong-key-456" }).submit(request));
    expect(error.kind).toBe("auth");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("wrong-key-456");
  });

  it("turns a malformed body into a typed error, not a crash", async () => {
    fake.scriptSubmits({ raw: "<html>gateway</html>" });
    expect(
      (
        await caught(
          client({ backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).submit(request),
        )
      ).kind,
    ).toBe("malformed");
  });

  it("retries when the connection is refused, then reports network", async () => {
    const dead = new TtapiClient({
      baseUrl: "http://127.0.0.1:1",
      apiKey: API_KEY,
      timeoutMs: 1_000,
      resolution: "720p",
      backoff: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await caught(dead.submit(request));
    expect(error.kind).toBe("network");
    expect(error.details.mayHaveReachedTtapi).toBe(false);
  });
});

describe("TTAPI echoing the key it was sent", () => {
  it("never carries the key on: not in the reason, not in the log excerpt", async () => {
    const serverKey = "a-server-own-ttapi-key-6f1e";
    fake.addAccount(serverKey);
    fake.scriptSubmits(
      { httpStatus: 401, message: `Wrong TT-API-KEY ${serverKey} or email is not activated.` },
      { httpStatus: 502, html: `<html>bad gateway for ${serverKey}</html>` },
    );
    const c = client({
      apiKey: serverKey,
      backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    for (const error of [await caught(c.submit(request)), await caught(c.submit(request))]) {
      const said = JSON.stringify({
        reason: error.reason,
        details: error.details,
        message: error.message,
      });
      expect(said).not.toContain(serverKey);
      expect(said).toContain("[redacted]");
    }
  });
});

describe("TtapiClient.fetchJob", () => {
  async function submitWith(steps: Parameters<FakeTtapi["scriptJob"]>[1]): Promise<string> {
    const { jobId } = await client().submit(request);
    fake.scriptJob(jobId, steps);
    return jobId;
  }

  it("reads every documented status and the SUCCESS data with string fields", async () => {
    const jobId = await submitWith([
      { status: "PENDING_QUEUE" },
      { status: "ON_QUEUE" },
      { status: "SOMETHING_NEW" },
      { status: "SUCCESS" },
    ]);
    const c = client();
    expect(await c.fetchJob(jobId)).toEqual({ state: "queued" });
    expect(await c.fetchJob(jobId)).toEqual({ state: "generating" });
    expect(await c.fetchJob(jobId)).toEqual({ state: "unknown", rawStatus: "SOMETHING_NEW" });
    const done = await c.fetchJob(jobId);
    expect(done).toMatchObject({ state: "succeeded", videoUrl: fake.videoUrl(jobId), credits: 6 });
  });

  it("reports FAILED with TTAPI's reason", async () => {
    const jobId = await submitWith([{ status: "FAILED", message: "content moderation" }]);
    expect(await client().fetchJob(jobId)).toEqual({
      state: "failed",
      reason: "content moderation",
    });
  });

  it("retries 5xx and malformed answers within one fetch", async () => {
    const jobId = await submitWith([
      { httpStatus: 500 },
      { raw: "{not json" },
      { status: "ON_QUEUE" },
    ]);
    expect(await client().fetchJob(jobId)).toEqual({ state: "generating" });
  });

  it("gives up after the bounded attempts with a typed error", async () => {
    const jobId = await submitWith([{ httpStatus: 504 }]);
    const before = fake.fetches.entries.length;
    expect((await caught(client().fetchJob(jobId))).kind).toBe("server");
    expect(fake.fetches.entries.length - before).toBe(3);
  });

  it("reads SUCCESS without a usable video URL as an ending without a file, with its credits", async () => {
    const c = client({ backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    for (const data of [
      { quota: "3" },
      { quota: "3", videoUrl: "" },
      { quota: "3", videoUrl: "ftp://x" },
    ]) {
      const jobId = await submitWith([
        { raw: JSON.stringify({ status: "SUCCESS", message: "success", data }) },
      ]);
      expect(await c.fetchJob(jobId)).toEqual({
        state: "succeeded",
        videoUrl: null,
        credits: 3,
        finishedAt: null,
      });
    }
  });
});

describe("checking the key at start", () => {
  let submitsBefore = 0;
  beforeAll(() => {
    submitsBefore = fake.submits.entries.length;
  });

  it("tells a refused key from an accepted one, without a job or a charge", async () => {
    expect(await client().checkKey()).toEqual({ verdict: "accepted" });
    const wrong = await client({ apiKey: "not-the-key" }).checkKey();
    expect(wrong.verdict).toBe("refused");
    expect(fake.submits.entries).toHaveLength(submitsBefore);
  });

  it("says it could not check when TTAPI does not answer", async () => {
    const check = await client({ baseUrl: "http://127.0.0.1:1" }).checkKey();
    expect(check.verdict).toBe("unchecked");
  });
});
