import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
} from "discord-api-types/v10";
import type { RestCall } from "../fakes/discord/fake-discord.js";

/**
 * Turns the bot's REST calls into what a Discord user would see, as plain text, with
 * relative times in the viewer's language (`locale`) as their Discord client shows them.
 */
export function describeCall(
  call: RestCall,
  names: Map<string, string>,
  locale: string,
): string | undefined {
  const render = (body: Record<string, unknown>) =>
    humanize(renderMessage(body, call.files), names, call.at, locale);
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
  if (call.path.includes("/reactions/")) {
    const [emoji = "", who = ""] = call.path.split("/reactions/")[1]!.split("/");
    if (call.method === "PUT") return `Bot reacts with ${emoji}`;
    if (call.method === "DELETE")
      return `Bot removes @${names.get(who) ?? who}'s ${emoji} (so it can be used again)`;
  }
  return undefined;
}

function renderMessage(body: Record<string, unknown>, files: RestCall["files"]): string {
  const lines: string[] = [];
  const content = String(body.content ?? "");
  if (content) lines.push(...content.split("\n").map((line) => `  │ ${line}`));
  // An attached video plays inline in Discord, between the text and the embed.
  for (const file of files) lines.push(`  ▶ ${file.name} (${(file.size / 1024).toFixed(0)} KB)`);
  for (const embed of (body.embeds as APIEmbed[] | undefined) ?? []) {
    if (embed.title) lines.push(`  ┃ ${embed.title}`);
    if (embed.description) lines.push(`  ┃ ${embed.description}`);
    const fields = (embed.fields ?? []).map((field) => `${field.name}: ${field.value}`);
    if (fields.length > 0) lines.push(`  ┃ ${fields.join(" · ")}`);
    if (embed.footer?.text) lines.push(`  ┃ ${embed.footer.text}`);
  }
  const rows =
    (body.components as APIActionRowComponent<APIComponentInMessageActionRow>[] | undefined) ?? [];
  const buttons = rows
    .flatMap((row) => row.components)
    .map((c) => ("label" in c ? `[${c.label}]` : ""));
  if (buttons.length > 0) lines.push(`  ${buttons.join(" ")}`);
  return lines.join("\n");
}

/** What Discord's client shows for mentions and relative timestamps. */
function humanize(text: string, names: Map<string, string>, at: number, locale: string): string {
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<t:(\d+):R>/g, (_, seconds: string) => relative(Number(seconds) * 1000 - at, locale));
}

const UNITS: [number, Intl.RelativeTimeFormatUnit][] = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
  [1_000, "second"],
];

/** Roughly what Discord shows for `<t:…:R>`: "in 30 days", "12 seconds ago", "30天后". */
function relative(ms: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  // A few seconds either way reads as "now", as in Discord.
  if (Math.abs(ms) < 5_000) return format.format(0, "second");
  const [unit, name] = UNITS.find(([length]) => Math.abs(ms) >= length) ?? UNITS[3]!;
  return format.format(Math.round(ms / unit), name);
}
