import {
  type ButtonInteraction,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from "discord.js";
import { z } from "zod";
import { type StartGenerationDeps, startGeneration } from "../handlers/start-generation.js";
import { askerOf } from "../handlers/video-access.js";
import { grokVideoOptionsSchema, typedNumber } from "../handlers/video-request-options.js";
import { REMIX_MODAL_PREFIX, REMIX_PREFIX } from "../interactions/custom-ids.js";
import { isTerminal, type JobRecord } from "../services/jobs/job-record.js";
import type { JobStore } from "../services/jobs/job-store.js";
import type { ReferenceImages } from "../services/media/reference-images.js";
import type { ModelLimits } from "../services/ttapi/model-limits.js";
import { remixModal } from "../views/component-views.js";
import { describeAdmissionRefusal, describeInvalidOptions } from "../views/user-messages.js";
import { type ButtonComponent, button, type ModalComponent, modal } from "./component.js";

export interface RemixDeps extends StartGenerationDeps {
  jobs: Pick<JobStore, "get">;
  referenceImages: Pick<ReferenceImages, "freshen">;
  limits: ModelLimits;
  maxImageBytes: number;
}

const jobIdSchema = z.string().regex(/^[\w-]{1,40}$/);

/**
 * The finished job a Remix click or its modal names, if the member may remix it: the
 * requester, or a member with Manage Messages in that channel. Checked in code on both
 * steps (a modal's custom_id can be forged).
 */
async function remixable(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  jobId: string,
  jobs: RemixDeps["jobs"],
): Promise<JobRecord | "gone" | "forbidden"> {
  const job = await jobs.get(jobId);
  if (!job || !isTerminal(job) || job.origin.guildId !== interaction.guildId) return "gone";
  const mayModerate = interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages);
  if (job.origin.userId !== interaction.user.id && !mayModerate) return "forbidden";
  return job;
}

/** Remix: opens the modal with the job's prompt, length and aspect ratio filled in. */
export function createRemixButton(deps: RemixDeps): ButtonComponent {
  return button(REMIX_PREFIX, jobIdSchema, async (interaction, jobId, { t, answer }) => {
    const job = await remixable(interaction, jobId, deps.jobs);
    if (job === "gone") return answer(t.remixGone);
    if (job === "forbidden") return answer(t.remixForbidden);
    // The job's own server: `remixable` checked it is this one.
    const refusal = await deps.generations.refusedAccess({
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      ...askerOf(interaction),
    });
    if (refusal) return answer(describeAdmissionRefusal(refusal, t));
    await interaction.showModal(remixModal(job, deps.limits, t));
  });
}

/**
 * The edited request starts like `/grok-video` (the same validation, limits, roles,
 * channels and blocked words), with the original's reference images, renewed as Retry
 * renews them.
 */
export function createRemixModal(deps: RemixDeps): ModalComponent {
  return modal(REMIX_MODAL_PREFIX, jobIdSchema, async (interaction, jobId, { t, answer }) => {
    const job = await remixable(interaction, jobId, deps.jobs);
    if (job === "gone") return answer(t.remixGone);
    if (job === "forbidden") return answer(t.remixForbidden);
    const images = await deps.referenceImages.freshen(job.request.referImages);
    if (!images) return answer(t.retryImageGone);
    const field = (name: string) => interaction.fields.getTextInputValue(name).trim();
    const parsed = grokVideoOptionsSchema(deps.maxImageBytes, deps.limits, t).safeParse({
      prompt: field("prompt"),
      length: typedNumber(field("length")),
      aspect_ratio: field("aspect_ratio"),
      image_urls: images.join(" "),
    });
    if (!parsed.success) return answer(describeInvalidOptions(parsed.error, t));
    await startGeneration(interaction, parsed.data, t, deps);
  });
}
