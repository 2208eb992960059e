import type { APIEmbed } from "discord-api-types/v10";
import type { RestCall } from "../fakes/discord/fake-discord.js";

/** Turns the bot's REST calls into what a Discord user would see, as plain text. */
export function describeCall(call: RestCall, names: Map<string, string>): string | undefined {
  const render = (body: Record<string, unknown>) => humanize(renderMessage(body), names, call.at);
  const body = call.body ?? {};
  if (call.path.startsWith("/interactions/")) {
    const data = (body.data ?? {}) as Record<string, unknown>;
    const ephemeral = (Number(data.flags ?? 0) & 64) === 64;
    if (body.type === 5)
      return ephemeral ? "Bot is thinking… (only you can see this)" : "Bot is thinking…";
    return `${ephemeral ? "Bot replies (only you can see this)" : "Bot replies"}:\n${render(data)}`;
  }
  if (call.method === "PATCH" && call.path.includes("/messages/")) {
    return `Bot updates its reply:\n${render(body)}`;
  }
  if (call.method === "POST" && call.path.endsWith("/messages")) {
    return `Bot posts a message:\n${render(body)}`;
  }
  if (call.method === "PUT" && call.path.includes("/reactions/")) {
    return `Bot reacts with ${decodeURIComponent(call.path.split("/reactions/")[1]!.split("/")[0]!)}`;
  }
  return undefined;
}

function renderMessage(body: Record<string, unknown>): string {
  const lines: string[] = [];
  const content = String(body.content ?? "");
  if (content) lines.push(...content.split("\n").map((line) => `  │ ${line}`));
  for (const embed of (body.embeds as APIEmbed[] | undefined) ?? []) {
    if (embed.title) lines.push(`  ┃ ${embed.title}`);
    if (embed.description) lines.push(`  ┃ ${embed.description}`);
    const fields = (embed.fields ?? []).map((field) => `${field.name}: ${field.value}`);
    if (fields.length > 0) lines.push(`  ┃ ${fields.join(" · ")}`);
    if (embed.footer?.text) lines.push(`  ┃ ${embed.footer.text}`);
  }
  return lines.join("\n");
}

/** What Discord's client shows for mentions and relative timestamps. */
function humanize(text: string, names: Map<string, string>, at: number): string {
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<t:(\d+):R>/g, (_, seconds: string) => {
      const ago = Math.round(at / 1000 - Number(seconds));
      return ago < 5 ? "just now" : `${ago} seconds ago`;
    });
}
