/**
 * Discord's size limits on what a bot sends, as Discord enforces them (50035 Invalid Form
 * Body): the fake refuses the same, so tests catch a message real Discord would refuse.
 */
const LIMITS = {
  content: 2_000,
  embedTitle: 256,
  embedDescription: 4_096,
  fieldName: 256,
  fieldValue: 1_024,
  fields: 25,
  footer: 2_048,
  embedsTotal: 6_000,
  choiceName: 100,
  choices: 25,
} as const;

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
}

/** What breaks a limit in a request body, in words; empty when Discord would accept it. */
export function formBodyProblems(
  path: string,
  body: Record<string, unknown> | undefined,
): string[] {
  if (!body) return [];
  // Interaction callbacks carry the message (or the choices) under `data`.
  const message = (path.startsWith("/interactions/") ? body.data : body) as
    | Record<string, unknown>
    | undefined;
  if (!message || typeof message !== "object") return [];
  const problems: string[] = [];
  const over = (what: string, text: unknown, max: number) => {
    if (typeof text === "string" && text.length > max) {
      problems.push(`${what}: ${text.length} > ${max}`);
    }
  };
  over("content", message.content, LIMITS.content);
  let total = 0;
  for (const embed of (message.embeds as EmbedLike[] | undefined) ?? []) {
    over("embed title", embed.title, LIMITS.embedTitle);
    over("embed description", embed.description, LIMITS.embedDescription);
    over("embed footer", embed.footer?.text, LIMITS.footer);
    if ((embed.fields?.length ?? 0) > LIMITS.fields) problems.push("embed fields: more than 25");
    for (const field of embed.fields ?? []) {
      over("field name", field.name, LIMITS.fieldName);
      over("field value", field.value, LIMITS.fieldValue);
    }
    total += [embed.title, embed.description, embed.footer?.text]
      .concat((embed.fields ?? []).flatMap((field) => [field.name, field.value]))
      .reduce((sum, text) => sum + (text?.length ?? 0), 0);
  }
  if (total > LIMITS.embedsTotal) problems.push(`embeds: ${total} > ${LIMITS.embedsTotal}`);
  const choices = message.choices as { name?: string }[] | undefined;
  if ((choices?.length ?? 0) > LIMITS.choices) problems.push("choices: more than 25");
  for (const choice of choices ?? []) over("choice name", choice.name, LIMITS.choiceName);
  return problems;
}
