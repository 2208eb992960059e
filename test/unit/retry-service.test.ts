import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { JobStore } from "../../src/services/jobs/job-store.js";
import { RetryService } from "../../src/services/jobs/retry-service.js";
import { openStore } from "../../src/services/store.js";
import { StoreLock } from "../../src/services/store-lock.js";
import { jobRecord } from "../support/job-record.js";

const base = jobRecord("job-1");
const finishedJob = jobRecord("job-1", {
  ttapiJobId: "t-1",
  status: "succeeded",
  origin: { ...base.origin, userId: "requester" },
  delivery: { ...base.delivery, messageId: "m-1" },
  result: { videoUrl: "https://cdn.example/v.mp4", credits: 3, video: { state: "attached" } },
});

async function retryService() {
  const store = await openStore("memory://");
  const jobs = new JobStore(store, 1, "test");
  await jobs.save(finishedJob);
  await jobs.linkMessage("m-1", finishedJob.id);
  const started: string[] = [];
  const retries = new RetryService({
    jobs,
    locks: new StoreLock(store),
    generations: {
      start: async (input) => {
        started.push(input.origin.userId);
        return { kind: "started", job: { ...finishedJob, id: input.id } };
      },
    },
    // This job has no reference images: nothing to renew.
    referenceImages: { freshen: async (urls) => [...urls] },
    logger: pino({ level: "silent" }),
    cooldownMs: 60_000,
  });
  return { retries, started };
}

describe("RetryService", () => {
  it("asks whether the actor is a moderator only for someone else's job", async () => {
    const { retries, started } = await retryService();
    const asked: string[] = [];
    const request = (messageId: string, actorId: string) => ({
      messageId,
      actorId,
      isModerator: async () => {
        asked.push(`${actorId} on ${messageId}`);
        return false;
      },
      actorLocale: null,
      actorRoleIds: [],
      actorManagesServer: false,
      viaReaction: true,
    });
    expect((await retries.retry(request("not-a-job", "bob"))).kind).toBe("not_tracked");
    expect((await retries.retry(request("m-1", "requester"))).kind).toBe("started");
    expect((await retries.retry(request("m-1", "bob"))).kind).toBe("forbidden");
    expect(asked).toEqual(["bob on m-1"]);
    expect(started).toEqual(["requester"]);
  });
});
