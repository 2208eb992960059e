import { setTimeout as sleep } from "node:timers/promises";
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Interaction,
  RepliableInteraction,
} from "discord.js";
import type { CommandRoutes } from "../commands/index.js";
import type { CommandHandler, SlashCommand } from "../commands/slash-command.js";
import {
  type ButtonComponent,
  findComponent,
  type ModalComponent,
} from "../components/component.js";
import { isSpentInteraction } from "../discord/rest-failures.js";
import { contextFor, type InteractionContext } from "../handlers/context.js";
import type { Logger } from "../logger.js";
import type { StoreHealth } from "../services/store-health.js";
import type { StoreLock } from "../services/store-lock.js";
import { describeInvalidOptions } from "../views/user-messages.js";

export interface InteractionRoutes {
  commands: CommandRoutes;
  buttons: readonly ButtonComponent[];
  modals: readonly ModalComponent[];
  /** Claims each interaction id once, so a repeated delivery starts nothing twice. */
  locks: StoreLock;
  /** How long an interaction's claim is kept (a duplicate delivery within it is ignored). */
  claimTtlMs: number;
  /** Bounds that first store step: with the store away, the member is told in time. */
  storeHealth: Pick<StoreHealth, "within">;
  logger: Logger;
}

/**
 * Routes interactions to commands and buttons: a command's preconditions, then its options
 * parsed against its schema (invalid ones get the standard private answer, here), then its
 * handler or its subcommand's; a button by the prefix of its custom_id. An unexpected error
 * is logged and told plainly; during shutdown new interactions are turned away and those
 * under way finish.
 */
export class InteractionRouter {
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;

  constructor(private readonly routes: InteractionRoutes) {}

  readonly handle = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) return this.suggest(interaction);
    const run = this.find(interaction);
    if (!run || !interaction.isRepliable()) return;
    const context = contextFor(interaction);
    if (!this.accepting) {
      await context.answer(context.t.shuttingDown).catch(() => undefined);
      return;
    }
    const work = this.run(interaction, context, run);
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
    const command = this.routes.commands.slash.get(interaction.commandName);
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

  private find(interaction: Interaction): Run | undefined {
    const { commands, buttons, modals } = this.routes;
    if (interaction.isChatInputCommand()) {
      const command = commands.slash.get(interaction.commandName);
      return command && ((context) => runCommand(command, interaction, context));
    }
    if (interaction.isMessageContextMenuCommand()) {
      const handle = commands.message.get(interaction.commandName);
      return handle && ((context) => handle(interaction, context));
    }
    if (interaction.isButton()) {
      const found = findComponent(buttons, interaction.customId);
      return found && ((context) => found.component.run(interaction, found.argument, context));
    }
    if (interaction.isModalSubmit()) {
      const found = findComponent(modals, interaction.customId);
      return found && ((context) => found.component.run(interaction, found.argument, context));
    }
    return undefined;
  }

  private async run(
    interaction: RepliableInteraction,
    context: InteractionContext,
    run: Run,
  ): Promise<void> {
    const { logger, locks, storeHealth, claimTtlMs } = this.routes;
    let claimed: boolean;
    try {
      claimed = await storeHealth.within(() =>
        locks.acquire(`interaction:${interaction.id}`, claimTtlMs),
      );
    } catch {
      // Nothing was started or reserved: the member can simply ask again later.
      await context.answer(context.t.storeUnreachable).catch(() => undefined);
      return;
    }
    try {
      if (!claimed) {
        logger.info({ interactionId: interaction.id }, "duplicate interaction ignored");
        return;
      }
      await run(context);
    } catch (error) {
      if (isSpentInteraction(error)) {
        // Expected now and then, and nothing to answer: no stack, no error-level line.
        const { code, url } = error;
        logger.warn(
          { interactionId: interaction.id, code, url },
          "interaction expired or already answered",
        );
        return;
      }
      logger.error({ err: error, interactionId: interaction.id }, "interaction failed");
      await context.answer(context.t.unexpectedError).catch((answerError: unknown) => {
        logger.warn({ err: answerError }, "could not tell the user about an error");
      });
    }
  }
}

type Run = (context: InteractionContext) => Promise<unknown>;

/** The command's refusal, its handler, or the one standard answer to invalid options. */
async function runCommand(
  command: SlashCommand,
  interaction: ChatInputCommandInteraction,
  context: InteractionContext,
) {
  const { t, answer } = context;
  const refusal = command.allowed?.(interaction, t);
  if (refusal) return answer(refusal);
  const handler: CommandHandler | undefined =
    "subcommands" in command ? command.subcommands[subcommandKey(interaction)] : command.handler;
  if (!handler) return answer(t.unknownSubcommand);
  const problems = await handler.run(interaction, context);
  if (problems) await answer(describeInvalidOptions(problems, t));
}

/** "set", or "group set" for a subcommand in a group. */
function subcommandKey(interaction: ChatInputCommandInteraction): string {
  const group = interaction.options.getSubcommandGroup(false);
  const name = interaction.options.getSubcommand(false) ?? "";
  return group ? `${group} ${name}` : name;
}
