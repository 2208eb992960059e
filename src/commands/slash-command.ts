import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
} from "discord.js";
import type { z } from "zod";
import type { InteractionContext } from "../handlers/context.js";
import type { Catalog } from "../i18n/catalog.js";

/**
 * One way a command runs: its options' schema and what to do with valid ones. The
 * router calls `run`; invalid options come back as the problems, for the router to answer
 * (the one standard private answer), and the handler never sees them.
 */
export interface CommandHandler {
  run(
    interaction: ChatInputCommandInteraction,
    context: InteractionContext,
  ): Promise<z.ZodError | undefined>;
}

/**
 * A handler whose `args` are the options parsed (and trusted) by the schema `options`
 * builds, in the member's language (its messages are what they read when it fails).
 */
export function handler<S extends z.ZodType>(
  options: (t: Catalog) => S,
  run: (
    interaction: ChatInputCommandInteraction,
    args: z.output<S>,
    context: InteractionContext,
  ) => Promise<void>,
): CommandHandler {
  const schemas = new Map<Catalog, S>();
  return {
    async run(interaction, context) {
      const schema = schemas.get(context.t) ?? options(context.t);
      schemas.set(context.t, schema);
      const parsed = schema.safeParse(rawOptions(interaction));
      if (!parsed.success) return parsed.error;
      await run(interaction, parsed.data, context);
      return undefined;
    },
  };
}

/** What a slash command does: who may use it, and its handler(s). */
export type SlashCommand = {
  /**
   * Checked before any option is read: where and by whom the command may be used. Returns
   * the refusal to show the member (the router answers it privately), or nothing.
   */
  allowed?(interaction: ChatInputCommandInteraction, t: Catalog): string | undefined;
  /** Suggestions for an option marked `autocomplete` while the member types. */
  autocomplete?(interaction: AutocompleteInteraction): Promise<void>;
} & (
  | { readonly handler: CommandHandler }
  /** One handler per subcommand, by name. */
  | { readonly subcommands: Readonly<Record<string, CommandHandler>> }
);

/** The option names a definition declares (subcommand options included). */
export type OptionName<D> = D extends { options: readonly (infer O)[] }
  ? O extends { name: infer N extends string; options: readonly unknown[] }
    ? N | OptionName<O>
    : O extends { name: infer N extends string }
      ? N
      : never
  : never;

/** An attachment option as Discord resolved it, before any validation. */
export interface RawAttachment {
  url: string;
  name: string;
  contentType: string | null;
  size: number;
}

/**
 * The options exactly as Discord sent them, keyed by name, for a zod schema to judge.
 * Nothing here trusts that Discord enforced choices, ranges or types.
 */
export function rawOptions(interaction: ChatInputCommandInteraction): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const visit = (options: readonly CommandInteractionOption[]) => {
    for (const option of options) {
      if (option.options) visit(option.options);
      else if (option.attachment) {
        const { url, name, contentType, size } = option.attachment;
        values[option.name] = { url, name, contentType, size } satisfies RawAttachment;
      } else values[option.name] = option.value;
    }
  };
  visit(interaction.options.data);
  return values;
}
