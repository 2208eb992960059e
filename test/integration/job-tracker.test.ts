import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RequestLog } from "../../src/fakes/request-log.js";
import { FakeTtapi, type FetchStep, type SubmitStep } from "../../src/fakes/ttapi/fake-ttapi.js";
import type { JobNotifier } from "../../src/services/jobs/job-notifier.js";
import type { JobRecord } from "../../src/services/jobs/job-record.js";
import type { JobTracker } from "../../src/services/jobs/job-tracker.js";
import { TtapiClient } from "../../src/services/ttapi/ttapi-client.js";
import { createJobServices } from "../support/job-services.js";

const API_KEY = "tracker-key";
let fake: FakeTtapi;

/** Records what users would have been shown, in order. */
class RecordingNotifier implements JobNotifier {
  readonly shown = new RequestLog<JobRecord>();
  async publish(job: JobRecord) {
    this.shown.add(job);
    return { delivery: { ...job.delivery, messageId: `msg-${job.id}` } };
  }
  async tellLost() {}
  statusesOf(id: string) {
    return this.shown.filter((job) => job.id === id).map((job) => job.status);
  }
}

const running: JobTracker[] = [];
async function setup(overrides: { giveUpAfterMs?: number; concurrency?: number } = {}) {
  const ttapi = new TtapiClient({
    baseUrl: fake.baseUrl,
    apiKey: API_KEY,
    timeoutMs: 2_000,
    resolution: "720p",
    backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const notifier = new RecordingNotifier();
  const { jobs, tracker, generations } = await createJobServices({
    ttapi,
    notifier,
    pollIntervalMs: 10,
    maxPollIntervalMs: 30,
    concurrency: overrides.concurrency ?? 4,
    giveUpAfterMs: overrides.giveUpAfterMs ?? 60_000,
    maxActive: 100,
  });
  running.push(tracker);
  let n = 0;
  const start = async (steps: FetchStep[], submit: SubmitStep = { accept: true, steps }) => {
    fake.scriptSubmits(submit);
    const result = await generations.start({
      id: `job-${++n}-${Math.random().toString(36).slice(2)}`,
      request: {
        prompt: "a lighthouse at dusk",
        aspectRatio: "16:9",
        videoLength: 10,
        referImages: [],
      },
      origin: {
        guildId: "1",
        channelId: "2",
        userId: "3",
        locale: "en-US",
        roleIds: [],
        managesServer: false,
      },
      delivery: {
        applicationId: "4",
        interactionToken: "tok",
        tokenIssuedAt: Date.now(),
        replyToMessageId: null,
      },
    });
    if (result.kind !== "started") throw new Error("no quota limits are set here");
    return result.job;
  };
  const finished = (id: string) =>
    notifier.shown.waitFor(
      (job) => job.id === id && ["succeeded", "failed", "timed_out"].includes(job.status),
    );
  return { jobs, notifier, tracker, start, finished };
}

beforeAll(async () => {
  fake = new FakeTtapi({ apiKey: API_KEY });
  await fake.start();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((tracker) => tracker.stop()));
});
afterAll(() => fake.stop());

describe("JobTracker", () => {
  it("shows each status change once and ends with the video", async () => {
    const { notifier, start, finished, jobs } = await setup();
    const job = await start([
      { status: "PENDING_QUEUE" },
      { status: "PENDING_QUEUE" },
      { status: "ON_QUEUE" },
      { status: "ON_QUEUE" },
      { status: "ON_QUEUE" },
      { status: "SUCCESS" },
    ]);
    const done = await finished(job.id);
    expect(notifier.statusesOf(job.id)).toEqual(["queued", "generating", "succeeded"]);
    expect(done.result?.videoUrl).toBe(fake.videoUrl(job.ttapiJobId!));
    expect(done.result?.credits).toBe(3);
    const stored = await jobs.get(job.id);
    expect(stored?.status).toBe("succeeded");
    expect(stored?.delivery.messageId).toBe(`msg-${job.id}`);
    expect(await jobs.load()).toEqual([]);
  });

  it("keeps tracking a job when the store fails under one of its polls", async () => {
    const { start, finished, jobs } = await setup();
    const job = await start([{ status: "ON_QUEUE" }, { status: "SUCCESS" }]);
    // The store's link drops in the middle of a poll's read (a Redis socket closing).
    const get = jobs.get.bind(jobs);
    let failures = 0;
    jobs.get = async (id) => {
      if (id === job.id && failures++ === 0) throw new Error("Socket closed unexpectedly");
      return get(id);
    };
    expect((await finished(job.id)).status).toBe("succeeded");
    expect(failures).toBeGreaterThan(1);
  });

  it("shows FAILED with TTAPI's reason", async () => {
    const { start, finished } = await setup();
    const job = await start([{ status: "FAILED", message: "prompt rejected by moderation" }]);
    const done = await finished(job.id);
    expect(done.status).toBe("failed");
    expect(done.failure).toEqual({ kind: "generation", reason: "prompt rejected by moderation" });
  });

  it("keeps polling through TTAPI errors without showing a failure", async () => {
    const { notifier, start, finished } = await setup();
    const job = await start([
      { httpStatus: 500 },
      { httpStatus: 502 },
      { raw: "garbage" },
      { status: "ON_QUEUE" },
      { status: "SUCCESS" },
    ]);
    const done = await finished(job.id);
    expect(done.status).toBe("succeeded");
    expect(notifier.statusesOf(job.id)).toEqual(["queued", "generating", "succeeded"]);
  });

  it("gives up after the deadline and says so", async () => {
    const { start, finished } = await setup({ giveUpAfterMs: 150 });
    const job = await start([{ status: "ON_QUEUE" }]);
    const done = await finished(job.id);
    expect(done.status).toBe("timed_out");
  });

  it("records a refused submit as failed and polls nothing", async () => {
    const { start, jobs } = await setup();
    const before = fake.fetches.entries.length;
    const job = await start([], { httpStatus: 400, message: "banned words" });
    expect(job.status).toBe("failed");
    expect(job.failure?.kind).toBe("invalid");
    expect((await jobs.get(job.id))?.status).toBe("failed");
    expect(fake.fetches.entries.length).toBe(before);
  });

  it("never polls more jobs at once than its concurrency", async () => {
    const { start, finished } = await setup({ concurrency: 2 });
    fake.peakConcurrentFetches = 0;
    const steps: FetchStep[] = [
      { status: "ON_QUEUE", delayMs: 20 },
      { status: "ON_QUEUE", delayMs: 20 },
      { status: "SUCCESS", delayMs: 20 },
    ];
    const jobs = await Promise.all(Array.from({ length: 8 }, () => start(steps)));
    await Promise.all(jobs.map((job) => finished(job.id)));
    expect(fake.peakConcurrentFetches).toBe(2);
  });
});
