import { InteractionResponseType } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import type { RestCall } from "../../src/fakes/discord/fake-discord.js";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { en } from "../support/catalog-text.js";
import {
  callbackOf,
  finishedReply,
  freshWorlds,
  shownVideo,
  submitsOf,
} from "../support/e2e-helpers.js";

const start = freshWorlds();
const MENU = "Make a Grok video";

/** The `data` of an interaction callback (a modal, or a message). */
const dataOf = (call: RestCall) => (call.body?.data ?? {}) as Record<string, unknown>;

/** The modal the bot answered a menu pick with: its custom_id. */
async function modalShown(w: FakeWorld, interactionId: string): Promise<string> {
  const callback = await w.discord.calls.waitFor(callbackOf(interactionId), 5_000, "the modal");
  expect(callback.body?.type).toBe(InteractionResponseType.Modal);
  return String(dataOf(callback).custom_id);
}

describe("Apps → Make a Grok video on a message with an image", () => {
  it("animates the image: it is the reference image, the aspect ratio is the nearest, and the video arrives", async () => {
    const w = await start();
    const post = w.discord.postMessage(w.discord.users.bob, {
      text: "my cat",
      images: [{ filename: "cat.png", contentType: "image/png", width: 1080, height: 1920 }],
    });
    const pick = w.discord.runMessageCommand(MENU, post);
    const modal = await modalShown(w, pick.interactionId);

    const submitted = w.discord.submitModal(modal, { prompt: "menu: the cat waves", length: "15" });
    const reply = await finishedReply(w, submitted.interactionId);

    const [submit] = submitsOf(w, "menu: the cat waves");
    expect(submit!.body).toMatchObject({
      refer_images: [post.attachments[0]!.url],
      aspect_ratio: "9:16",
      video_length: "15",
    });
    expect(shownVideo(reply).file).toEqual(w.ttapi.videoBytes);
    expect(reply.ephemeral).toBe(false);
  });

  it("explains privately, and submits nothing, on a message without an image", async () => {
    const w = await start();
    const post = w.discord.postMessage(w.discord.users.bob, { text: "just words" });
    const pick = w.discord.runMessageCommand(MENU, post);
    const answer = await w.discord.calls.waitFor(callbackOf(pick.interactionId), 5_000);
    expect(answer.body?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(String(dataOf(answer).content)).toContain(en.noImageInMessage);
    expect(w.ttapi.submits.entries).toHaveLength(0);
  });

  it("answers a bad length privately, like /grok-video, and submits nothing", async () => {
    const w = await start();
    const post = w.discord.postMessage(w.discord.users.bob, {
      images: [{ filename: "dog.jpg", contentType: "image/jpeg", width: 800, height: 800 }],
    });
    const modal = await modalShown(w, w.discord.runMessageCommand(MENU, post).interactionId);
    const submitted = w.discord.submitModal(modal, { prompt: "menu: a dog", length: "long" });
    const answer = await w.discord.calls.waitFor(callbackOf(submitted.interactionId), 5_000);
    expect(String(dataOf(answer).content)).toContain(en.lengthNotWhole);
    expect(w.ttapi.submits.entries).toHaveLength(0);
  });
});
