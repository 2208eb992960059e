import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { z } from "zod";
import { type Catalog, catalogFor } from "../i18n/catalog.js";

/** What is registered with Discord: slash commands and Apps-menu commands alike. */
export type CommandDefinition = RESTPostAPIApplicationCommandsJSONBody;

/**
 * One way a command runs: its options' schema and what to do with valid ones. The
 * router calls `run`; invalid options come back as the problems, for the router to answer
 * (the one standard private answer), and the handler never sees them.
 */
export interface CommandHandler {
  run(interaction: ChatInputCommandInteraction): Promise<z.ZodError | undefined>;
}

/**
 * A handler whose `args` are the options parsed (and trusted) by the schema `options`
 * builds, in the member's language (its messages are what they read when it fails).
 */
export function handler<S extends z.ZodType>(
  options: (t: Catalog) => S,
  run: (interaction: ChatInputCommandInteraction, args: z.output<S>) => Promise<void>,
): CommandHandler {
  const schemas = new Map<Catalog, S>();
  return {
    async run(interaction) {
      const t = catalogFor(interaction.locale);
      const schema = schemas.get(t) ?? options(t);
      schemas.set(t, schema);
      const parsed = schema.safeParse(rawOptions(interaction));
      if (!parsed.success) return parsed.error;
      await run(interaction, parsed.data);
      return undefined;
    },
  };
}

/** A slash command: its registration shape, who may use it, and its handler(s). */
export type SlashCommand = {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /**
   * Checked before any option is read: where and by whom the command may be used. Answers
   * the member itself and resolves to false when not.
   */
  allowed?(interaction: ChatInputCommandInteraction): Promise<boolean>;
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
