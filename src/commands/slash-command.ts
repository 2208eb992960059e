import type {
  ChatInputCommandInteraction,
  CommandInteractionOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** A slash command: its registration shape and the handler for its interactions. */
export interface SlashCommand {
  readonly definition: CommandDefinition;
  handle(interaction: ChatInputCommandInteraction): Promise<void>;
}

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
