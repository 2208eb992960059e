import type { ButtonInteraction } from "discord.js";
import type { z } from "zod";

/**
 * A kind of button: the one module that renders it (its custom_id) and handles its
 * clicks. A custom_id is `prefix` or `prefix:argument`, so a button can carry an argument
 * (a job id); the router finds the button by prefix and the argument is parsed before the
 * handler sees it. A click whose argument does not parse is ignored.
 */
export interface ButtonComponent {
  readonly prefix: string;
  /** Resolves to false when the argument did not parse (nothing was done). */
  run(interaction: ButtonInteraction, argument: string): Promise<boolean>;
}

/** A button whose handler gets its custom_id argument parsed by `argument`. */
export function button<S extends z.ZodType>(
  prefix: string,
  argument: S,
  handle: (interaction: ButtonInteraction, args: z.output<S>) => Promise<void>,
): ButtonComponent {
  return {
    prefix,
    async run(interaction, raw) {
      const parsed = argument.safeParse(raw);
      if (!parsed.success) return false;
      await handle(interaction, parsed.data);
      return true;
    },
  };
}

/** The custom_id of a button with `prefix`, carrying `argument` if given. */
export function customId(prefix: string, argument?: string): string {
  return argument === undefined ? prefix : `${prefix}:${argument}`;
}

/** Splits a custom_id into the button it belongs to and its argument. */
export function findButton(
  buttons: readonly ButtonComponent[],
  id: string,
): { button: ButtonComponent; argument: string } | undefined {
  for (const candidate of buttons) {
    if (id === candidate.prefix) return { button: candidate, argument: "" };
    if (id.startsWith(`${candidate.prefix}:`)) {
      return { button: candidate, argument: id.slice(candidate.prefix.length + 1) };
    }
  }
  return undefined;
}
