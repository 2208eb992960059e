import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import type { JobNotifier } from "../../src/services/jobs/job-notifier.js";
import { TtapiClient } from "../../src/services/ttapi/ttapi-client.js";
import { createJobServices } from "../support/job-services.js";

// The server's rules are applied where every request passes (admission), so an entrance
// that forgets to ask them early still cannot start a video they refuse.
let fake: FakeTtapi;
beforeAll(async () => {
  fake = new FakeTtapi({ apiKey: "rules-key" });
  await fake.start();
});
afterAll(() => fake.stop());

const notifier: JobNotifier = {
  publish: async (job) => ({ delivery: { ...job.delivery, messageId: `msg-${job.id}` } }),
  tellLost: async () => undefined,
};

describe("a request that reaches the job core directly", () => {
  it("is held to the server's roles, channels and blocked words", async () => {
    const core = await createJobServices({
      ttapi: new TtapiClient({
        baseUrl: fake.baseUrl,
        apiKey: "rules-key",
        timeoutMs: 2_000,
        resolution: "720p",
        backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      }),
      notifier,
      pollIntervalMs: 10,
      maxPollIntervalMs: 30,
      concurrency: 4,
      giveUpAfterMs: 60_000,
      maxActive: 10,
    });
    await core.guildSettings.setIds("g", "roles", () => ["artists"], "admin");
    await core.guildSettings.setIds("g", "channels", () => ["studio"], "admin");
    await core.guildSettings.addBlockedWords("g", ["dragon"], "admin");
    let n = 0;
    const ask = (who: { roleIds: string[]; managesServer: boolean }, channelId = "studio") =>
      core.generations.start({
        id: `rules-${++n}`,
        request: { prompt: "a cat", aspectRatio: "16:9", videoLength: 10, referImages: [] },
        origin: { guildId: "g", channelId, userId: `u${n}`, locale: null, ...who },
        delivery: {
          applicationId: "app",
          interactionToken: null,
          tokenIssuedAt: Date.now(),
          replyToMessageId: null,
        },
      });
    const stranger = { roleIds: ["other"], managesServer: false };
    expect(await ask(stranger)).toEqual({ kind: "role_not_allowed", roles: ["artists"] });
    expect(await ask({ roleIds: ["artists"], managesServer: false }, "lobby")).toMatchObject({
      kind: "channel_not_allowed",
    });
    expect((await ask({ roleIds: [], managesServer: true })).kind).toBe("started");
    expect((await ask({ roleIds: ["artists"], managesServer: false })).kind).toBe("started");
    expect(fake.submits.entries).toHaveLength(2);
    await core.tracker.stop();
  });
});
