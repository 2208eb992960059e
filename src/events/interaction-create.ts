import { setTimeout as sleep } from "node:timers/promises";
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  type RepliableInteraction,
} from "discord.js";
import type { MessageCommand } from "../commands/message-command.js";
import type { CommandHandler, SlashCommand } from "../commands/slash-command.js";
import {
  type ButtonComponent,
  findComponent,
  type ModalComponent,
} from "../components/component.js";
import { catalogFor } from "../i18n/catalog.js";
import type { Logger } from "../logger.js";
import type { StoreLock } from "../services/store-lock.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { describeInvalidOptions } from "../views/user-messages.js";

export interface InteractionRoutes {
  commands: readonly SlashCommand[];
  /** Commands in a message's Apps menu. */
  messageCommands: readonly MessageCommand[];
  buttons: readonly ButtonComponent[];
  modals: readonly ModalComponent[];
  /** Claims each interaction id once, so a repeated delivery starts nothing twice. */
  locks: StoreLock;
  logger: Logger;
}

/** An interaction token lives 15 minutes; a duplicate can only arrive within that. */
const CLAIM_TTL_MS = 15 * 60 * 1000;

/**
 * Routes interactions to commands and buttons: a command's preconditions, then its options
 * parsed against its schema (invalid ones get the standard private answer, here), then its
 * handler or its subcommand's; a button by the prefix of its custom_id. An unexpected error
 * is logged and told plainly; during shutdown new interactions are turned away and those
 * under way finish.
 */
export class InteractionRouter {
  private readonly commands: Map<string, SlashCommand>;
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;

  constructor(private readonly routes: InteractionRoutes) {
    this.commands = new Map(routes.commands.map((command) => [command.definition.name, command]));
  }

  readonly handle = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) return this.suggest(interaction);
    const run = this.find(interaction);
    if (!run || !interaction.isRepliable()) return;
    if (!this.accepting) {
      await interaction
        .reply({
          content: catalogFor(interaction.locale).shuttingDown,
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTION_OPTIONS,
        })
        .catch(() => undefined);
      return;
    }
    const work = this.run(interaction, run);
    this.inFlight.add(work);
    await work.finally(() => this.inFlight.delete(work));
  };

  /** Stops taking interactions and waits (at most `timeoutMs`) for those under way. */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    await Promise.race([
      Promise.allSettled(this.inFlight),
      sleep(timeoutMs, undefined, { ref: false }),
    ]);
  }

  /** Autocomplete: nothing to claim or drain (it changes nothing); failures only logged. */
  private async suggest(interaction: AutocompleteInteraction): Promise<void> {
    const command = this.commands.get(interaction.commandName);
    if (!command?.autocomplete || !this.accepting) return;
    try {
      await command.autocomplete(interaction);
    } catch (error) {
      this.routes.logger.warn(
        { err: error, command: interaction.commandName },
        "autocomplete failed",
      );
    }
  }

  private find(interaction: Interaction): (() => Promise<void>) | undefined {
    if (interaction.isChatInputCommand()) {
      const command = this.commands.get(interaction.commandName);
      return command && (() => runCommand(command, interaction));
    }
    if (interaction.isMessageContextMenuCommand()) {
      const command = this.routes.messageCommands.find(
        (candidate) => candidate.definition.name === interaction.commandName,
      );
      return command && (() => command.handle(interaction));
    }
    if (interaction.isButton()) {
      const found = findComponent(this.routes.buttons, interaction.customId);
      return found && (() => found.component.run(interaction, found.argument).then(() => {}));
    }
    if (interaction.isModalSubmit()) {
      const found = findComponent(this.routes.modals, interaction.customId);
      return found && (() => found.component.run(interaction, found.argument).then(() => {}));
    }
    return undefined;
  }

  private async run(interaction: RepliableInteraction, run: () => Promise<void>): Promise<void> {
    const { logger, locks } = this.routes;
    try {
      if (!(await locks.acquire(`interaction:${interaction.id}`, CLAIM_TTL_MS))) {
        logger.info({ interactionId: interaction.id }, "duplicate interaction ignored");
        return;
      }
      await run();
    } catch (error) {
      logger.error({ err: error, interactionId: interaction.id }, "interaction failed");
      await tellUnexpectedError(interaction, logger);
    }
  }
}

async function runCommand(command: SlashCommand, interaction: ChatInputCommandInteraction) {
  const t = catalogFor(interaction.locale);
  if (command.allowed && !(await command.allowed(interaction))) return;
  const handler: CommandHandler | undefined =
    "subcommands" in command ? command.subcommands[subcommandKey(interaction)] : command.handler;
  const problems = handler ? await handler.run(interaction) : undefined;
  if (handler && !problems) return;
  await interaction.reply({
    content: problems ? describeInvalidOptions(problems, t) : t.unknownSubcommand,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTION_OPTIONS,
  });
}

/** "set", or "group set" for a subcommand in a group. */
function subcommandKey(interaction: ChatInputCommandInteraction): string {
  const group = interaction.options.getSubcommandGroup(false);
  const name = interaction.options.getSubcommand(false) ?? "";
  return group ? `${group} ${name}` : name;
}

async function tellUnexpectedError(interaction: RepliableInteraction, logger: Logger) {
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.editReply({
        content: catalogFor(interaction.locale).unexpectedError,
        embeds: [],
        allowedMentions: NO_MENTION_OPTIONS,
      });
    } else {
      await interaction.reply({
        content: catalogFor(interaction.locale).unexpectedError,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTION_OPTIONS,
      });
    }
  } catch (error) {
    logger.warn({ err: error }, "could not tell the user about an error");
  }
}
