import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
} from "discord-api-types/v10";
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
  if (call.path.includes("/reactions/")) {
    const [emoji = "", who = ""] = call.path.split("/reactions/")[1]!.split("/");
    if (call.method === "PUT") return `Bot reacts with ${emoji}`;
    if (call.method === "DELETE")
      return `Bot removes @${names.get(who) ?? who}'s ${emoji} (so it can be used again)`;
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
  const rows =
    (body.components as APIActionRowComponent<APIComponentInMessageActionRow>[] | undefined) ?? [];
  const buttons = rows
    .flatMap((row) => row.components)
    .map((c) => ("label" in c ? `[${c.label}]` : ""));
  if (buttons.length > 0) lines.push(`  ${buttons.join(" ")}`);
  return lines.join("\n");
}

/** What Discord's client shows for mentions and relative timestamps. */
function humanize(text: string, names: Map<string, string>, at: number): string {
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<t:(\d+):R>/g, (_, seconds: string) => relative(Number(seconds) * 1000 - at));
}

/** Roughly what Discord shows for `<t:…:R>`: "in 30 days", "12 seconds ago". */
function relative(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1_000, "second"],
  ];
  const size = Math.abs(ms);
  if (size < 5_000) return "just now";
  const [unit, name] = units.find(([length]) => size >= length) ?? units[3]!;
  const count = Math.round(size / unit);
  const amount = `${count} ${name}${count === 1 ? "" : "s"}`;
  return ms > 0 ? `in ${amount}` : `${amount} ago`;
}
