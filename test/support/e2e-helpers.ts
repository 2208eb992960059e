import { createServer } from "node:http";
import { MessageFlags } from "discord-api-types/v10";
import { afterEach } from "vitest";
import type { FakeMessage, RestCall } from "../../src/fakes/discord/fake-discord.js";
import {
  type FakeWorld,
  type FakeWorldOptions,
  startFakeWorld,
} from "../../src/fakes/fake-world.js";
import { closeServer, listenOnLoopback } from "../../src/fakes/http-helpers.js";

import { isFinished } from "./shown-video.js";

export { isFinished, shownVideo, videoLinkIn } from "./shown-video.js";

export const callbackOf = (interactionId: string) => (call: RestCall) =>
  call.method === "POST" && call.path.startsWith(`/interactions/${interactionId}/`);

/** A private answer to an interaction (a refusal, a notice only the member sees). */
export const isPrivateAnswer = (call: RestCall) =>
  call.method === "POST" &&
  call.path.startsWith("/webhooks/") &&
  (Number(call.body?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** Waits until some REST call leaves `read()` returning a finished job message. */
async function waitUntilFinished(
  world: FakeWorld,
  read: () => FakeMessage | undefined,
  what: string,
  timeoutMs: number,
): Promise<FakeMessage> {
  await world.discord.calls.waitFor(() => isFinished(read()), timeoutMs, what);
  return read()!;
}

/** The reply to a `/grok-video` interaction, once its job has finished. */
export function finishedReply(world: FakeWorld, interactionId: string, timeoutMs = 8_000) {
  return waitUntilFinished(
    world,
    () => world.discord.originalResponse(interactionId),
    `the finished reply to ${interactionId}`,
    timeoutMs,
  );
}

/** The new message a retry of `messageId` posted, once its job has finished. */
export function finishedRetryOf(world: FakeWorld, messageId: string, timeoutMs = 8_000) {
  const read = () =>
    [...world.discord.messages.values()].find(
      // A job message (it has the job's embed), not a notice replying to the same message.
      (message) =>
        message.message_reference?.message_id === messageId &&
        !message.ephemeral &&
        message.embeds.length > 0,
    );
  return waitUntilFinished(world, read, `the retry of ${messageId}`, timeoutMs);
}

/**
 * The private answer to an interaction: its reply's content (deferred and edited, or
 * immediate), or a private follow-up (a refusal after a public "thinking…").
 */
export async function answerTo(
  w: Pick<FakeWorld, "discord">,
  interaction: { interactionId: string; token: string },
): Promise<string> {
  const text = () => {
    const deferred = w.discord.originalResponse(interaction.interactionId)?.content ?? "";
    if (deferred) return deferred;
    const calls = w.discord.calls.filter(
      (c) =>
        callbackOf(interaction.interactionId)(c) ||
        (c.method === "POST" && c.path.endsWith(`/${interaction.token}`)),
    );
    const bodies = calls.map((c) => (c.body?.data ?? c.body ?? {}) as { content?: string });
    return bodies.map((body) => body.content ?? "").find((content) => content !== "") ?? "";
  };
  await w.discord.calls.waitFor(() => text() !== "", 5_000, "the answer");
  return text();
}

/** TTAPI submits whose prompt is `prompt`. */
export function submitsOf(world: FakeWorld, prompt: string) {
  return world.ttapi.submits.filter((submit) => submit.body.prompt === prompt);
}

/** A port nobody listens on right now, for a server that must know its URL up front. */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await closeServer(server);
  return port;
}

/** A start function for a test file whose tests each run their own world, stopped after it. */
export function freshWorlds() {
  let current: FakeWorld | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return async (options: FakeWorldOptions = {}): Promise<FakeWorld> => {
    current = await startFakeWorld(options);
    return current;
  };
}
