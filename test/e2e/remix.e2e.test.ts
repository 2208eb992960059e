import { InteractionResponseType } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import type { RestCall } from "../../src/fakes/discord/fake-discord.js";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { REMIX_PREFIX } from "../../src/interactions/custom-ids.js";
import { en } from "../support/catalog-text.js";
import {
  answerTo,
  callbackOf,
  finishedReply,
  freshWorlds,
  submitsOf,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();

type ModalData = {
  custom_id: string;
  components: { component: { custom_id: string; value?: string } }[];
};

/** The Remix button's custom_id on a finished message. */
function remixIdOf(message: { components?: unknown }): string | undefined {
  const rows = (message.components ?? []) as { components: { custom_id?: string }[] }[];
  return rows
    .flatMap((row) => row.components)
    .map((component) => component.custom_id)
    .find((id) => id?.startsWith(`${REMIX_PREFIX}:`));
}

async function modalShown(w: FakeWorld, interactionId: string): Promise<ModalData> {
  const callback: RestCall = await w.discord.calls.waitFor(
    callbackOf(interactionId),
    5_000,
    "the modal",
  );
  expect(callback.body?.type).toBe(InteractionResponseType.Modal);
  return callback.body?.data as ModalData;
}

describe.each(backends)("Remix on a finished video, on $name", ({ prepare }) => {
  it("opens the request filled in; the edited one starts with the original image, after a restart too", async (context) => {
    const w = await start({ storeUrl: await prepare(context) });
    const post = w.discord.postMessage(w.discord.users.bob, {
      images: [{ filename: "cat.png", contentType: "image/png", width: 1080, height: 1920 }],
    });
    const pick = w.discord.runMessageCommand("Make a Grok video", post);
    const first = await modalShown(w, pick.interactionId);
    const made = w.discord.submitModal(first.custom_id, {
      prompt: "remix: a cat waves",
      length: "10",
    });
    const original = await finishedReply(w, made.interactionId);
    await w.restartBot();

    // Only the requester (alice) or a moderator may remix.
    const byBob = w.discord.clickButton(original, remixIdOf(original)!, w.discord.users.bob);
    expect(await answerTo(w, byBob)).toContain(en.remixForbidden);

    const click = w.discord.clickButton(original, remixIdOf(original)!);
    const modal = await modalShown(w, click.interactionId);
    const values = Object.fromEntries(
      modal.components.map(({ component }) => [component.custom_id, component.value]),
    );
    expect(values).toEqual({ prompt: "remix: a cat waves", length: "10", aspect_ratio: "9:16" });

    const edited = w.discord.submitModal(modal.custom_id, {
      prompt: "remix: a cat dances",
      length: "15",
      aspect_ratio: "1:1",
    });
    await finishedReply(w, edited.interactionId);
    const [submit] = submitsOf(w, "remix: a cat dances");
    const [before] = submitsOf(w, "remix: a cat waves");
    expect(submit!.body).toMatchObject({ aspect_ratio: "1:1", video_length: "15" });
    // The same attachment (its link renewed when it was close to expiring).
    const path = (url: unknown) => new URL(String(url)).pathname;
    expect((submit!.body.refer_images as string[]).map(path)).toEqual(
      (before!.body.refer_images as string[]).map(path),
    );
  });
});
