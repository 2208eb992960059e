import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestLog } from "../../src/fakes/request-log.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import type { JobRecord } from "../../src/services/jobs/job-record.js";
import { TtapiClient } from "../../src/services/ttapi/ttapi-client.js";
import { createJobServices } from "../support/job-services.js";

// An account whose concurrent slots are always taken: every submit gets HTTP 499.
let full: FakeTtapi;
beforeAll(async () => {
  full = new FakeTtapi({ apiKey: "k", concurrencyLimit: 0 });
  await full.start();
});
afterAll(() => full.stop());

describe("the submit line", () => {
  it("shows each waiting job's place, then gives up after the deadline, charging nothing", async () => {
    const shown = new RequestLog<JobRecord>();
    const { generations, tracker, quotas } = await createJobServices({
      ttapi: new TtapiClient({
        baseUrl: full.baseUrl,
        apiKey: "k",
        timeoutMs: 1_000,
        resolution: "720p",
        backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      }),
      notifier: {
        publish: async (job) => {
          shown.add(job);
          return { delivery: job.delivery };
        },
        tellLost: async () => undefined,
      },
      pollIntervalMs: 10,
      maxPollIntervalMs: 10,
      concurrency: 1,
      giveUpAfterMs: 300,
      maxActive: 10,
    });
    const start = (id: string) =>
      generations.start({
        id,
        request: { prompt: "busy", aspectRatio: "16:9", videoLength: 10, referImages: [] },
        origin: {
          guildId: "g",
          channelId: "c",
          userId: "u",
          locale: null,
          roleIds: [],
          managesServer: false,
        },
        delivery: {
          applicationId: "a",
          interactionToken: null,
          tokenIssuedAt: Date.now(),
          replyToMessageId: null,
        },
      });
    const [first, second] = [await start("first"), await start("second")];
    expect(first).toMatchObject({ kind: "started", job: { status: "waiting" } });
    expect(second).toMatchObject({ kind: "started", job: { status: "waiting" } });
    // What each member sees: their place in line.
    const placeShown = (id: string, place: number) =>
      shown.waitFor((job) => job.id === id && job.waitingPosition === place, 5_000);
    await Promise.all([placeShown("first", 1), placeShown("second", 2)]);

    const gaveUp = await shown.waitFor(
      (job) => job.id === "second" && job.status === "failed",
      5_000,
    );
    expect(gaveUp.failure?.kind).toBe("busy_timed_out");
    // Stopping waits for the line's work under way, the release of the reservation included.
    await generations.stop();
    expect((await quotas.report({ kind: "guild", guildId: "g" }, "u")).scope).toEqual({
      videos: 0,
      credits: 0,
    });
    expect(full.submits.entries.every((submit) => submit.jobId === undefined)).toBe(true);
    await tracker.stop();
  });
});
