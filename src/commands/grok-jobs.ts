import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  type AutocompleteInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import type { InteractionDeps } from "../handlers/interaction-deps.js";
import type { Catalog } from "../i18n/catalog.js";
import { describeJobChoice, describeJobDetail, describeJobList } from "../views/job-history.js";
import type { SlashCommandModule } from "./command-module.js";
import { described } from "./localized.js";
import { requireGuildUnless } from "./preconditions.js";
import { handler, type OptionName, type SlashCommand } from "./slash-command.js";

/** `/grok-jobs`: a member's own recent videos here; Manage Server may look at anyone's. */
export const grokJobsDefinition = {
  name: "grok-jobs",
  ...described((t) => t.commands.jobs.description),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "job",
      ...described((t) => t.commands.jobs.job),
      required: false,
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.User,
      name: "member",
      ...described((t) => t.commands.jobs.member),
      required: false,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Recent jobs listed at once; autocomplete offers all that are kept (25). */
const LISTED = 10;

const optionsSchema = (t: Catalog) =>
  z.object({
    job: z
      .string()
      .regex(/^[\w-]{1,80}$/, t.jobOptionInvalid)
      .optional(),
    member: z.string().regex(/^\d+$/, t.memberOptionInvalid).optional(),
  } satisfies Record<OptionName<typeof grokJobsDefinition>, z.ZodType>);

export const grokJobs: SlashCommandModule = {
  definition: () => grokJobsDefinition,
  forMembers: true,
  create: (deps) => createGrokJobsCommand(deps),
};

function createGrokJobsCommand(
  deps: Pick<InteractionDeps, "history" | "jobs" | "allowDms">,
): SlashCommand {
  const { history, jobs } = deps;
  /** Whose jobs the member may see: their own, anyone's with Manage Server. */
  const whoseJobs = (
    interaction: { user: { id: string }; memberPermissions: { has(bit: bigint): boolean } | null },
    member: string | undefined,
  ) =>
    !member || member === interaction.user.id
      ? interaction.user.id
      : interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)
        ? member
        : undefined;
  return {
    allowed: (interaction, t) => requireGuildUnless(deps.allowDms, interaction, t),
    handler: handler(optionsSchema, async (interaction, { job, member }, context) => {
      const { t, answer } = context;
      const whose = whoseJobs(interaction, member);
      if (!whose) return answer(t.jobsOthersNeedManageServer);
      await context.deferPrivately();
      const ids = await history.list(interaction.guildId, whose);
      const other = whose === interaction.user.id ? null : whose;
      let content: string;
      if (job === undefined) {
        content = describeJobList(await jobs.getMany(ids.slice(0, LISTED)), other, t);
      } else {
        // Only a job of theirs here: an id typed by hand must not show anyone else's.
        const record = ids.includes(job) ? await jobs.get(job) : undefined;
        content = record ? describeJobDetail(record, t) : t.jobsNotRecent;
      }
      await answer(content);
    }),
    async autocomplete(interaction: AutocompleteInteraction) {
      const member = interaction.options.get("member")?.value;
      const whose = whoseJobs(interaction, typeof member === "string" ? member : undefined);
      const typed = interaction.options.getFocused().toLowerCase();
      const records = whose
        ? await jobs.getMany(await history.list(interaction.guildId, whose))
        : [];
      await interaction.respond(
        records
          .filter((record) => record.request.prompt.toLowerCase().includes(typed))
          .slice(0, 25)
          .map((record) => ({ name: describeJobChoice(record), value: record.id })),
      );
    },
  };
}
