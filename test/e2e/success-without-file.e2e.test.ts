import { describe, expect, it } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { ANY, en, fixedPart } from "../support/catalog-text.js";
import { finishedReply, freshWorlds } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const start = freshWorlds();

describe.each(storeBackends())(
  "TTAPI answers SUCCESS without a video file, on $name",
  ({ prepare }) => {
    it.for([
      ["null", null],
      ["empty", ""],
    ] as const)(
      "with videoUrl %s: an ending, told as such, charged as TTAPI charged it",
      async ([, videoUrl], context) => {
        const log = capturedLog();
        const w = await start({
          storeUrl: await prepare(context),
          logger: log.logger,
          env: { DEFAULT_MEMBER_VIDEO_LIMIT: "3" },
        });
        w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "SUCCESS", videoUrl }] });
        const { interactionId } = w.discord.runCommand("grok-video", { prompt: "no file: a moth" });
        const reply = await finishedReply(w, interactionId);
        const ttapiJobId = w.ttapi.submits.entries[0]!.jobId!;

        // Told what happened, with the id to ask TTAPI about, not "did not finish in time".
        expect(reply.content).toContain(fixedPart(en.notAttachedNoFile(ANY)));
        expect(reply.content).toContain(ttapiJobId);
        expect(reply.content).not.toMatch(/in time|did not use your quota/);
        // One poll was enough: SUCCESS is an ending.
        expect(w.ttapi.fetches.entries.filter((f) => f.jobId === ttapiJobId)).toHaveLength(1);
        expect(w.ttapi.videoRequests.entries).toHaveLength(0);
        // Settled as made (TTAPI charged it): one of the member's three is used.
        expect(reply.embeds[0]?.footer?.text).toContain(en.allowanceYou(2, 3));
        const errors = log.lines.entries.filter((line) => line.level >= 50);
        expect(errors.map((line) => [line.msg, line.ttapiJobId])).toEqual([
          ["TTAPI reported the job done (SUCCESS) without a video file", ttapiJobId],
        ]);
      },
    );
  },
);
