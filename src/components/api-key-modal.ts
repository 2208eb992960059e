import { PermissionFlagsBits } from "discord.js";
import { z } from "zod";
import { requirePermission } from "../handlers/require-permission.js";
import { API_KEY_MODAL_ID } from "../interactions/custom-ids.js";
import type { ServerKeys } from "../services/ttapi/server-keys.js";
import { type ModalComponent, modal } from "./component.js";

/** A TTAPI key as pasted: printable, no spaces (what TTAPI's dashboard hands out). */
const apiKeySchema = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]{8,200}$/);

/**
 * The submitted key form (`/grok-settings api-key set`): Manage Server is checked again
 * here (a modal can be submitted by anyone who crafts one), the key is checked with TTAPI,
 * and only then kept, sealed. The answer shows its last four characters, nothing more.
 */
export function createApiKeyModal({
  serverKeys,
}: {
  serverKeys: Pick<ServerKeys, "set" | "enabled">;
}): ModalComponent {
  return modal(
    API_KEY_MODAL_ID,
    z.literal(""),
    async (interaction, _args, { t, answer, deferPrivately }) => {
      const refusal = requirePermission(
        interaction,
        PermissionFlagsBits.ManageGuild,
        "manageServer",
        t,
      );
      if (refusal) return answer(refusal);
      if (!serverKeys.enabled) return answer(t.apiKeyOff);
      const key = apiKeySchema.safeParse(interaction.fields.getTextInputValue("key"));
      if (!key.success) return answer(t.apiKeyInvalid);
      // Checking with TTAPI can take longer than Discord's 3 s.
      await deferPrivately();
      // The permission check passed, so the form came from a server.
      const result = await serverKeys.set(interaction.guildId!, key.data, interaction.user.id);
      switch (result.kind) {
        case "saved":
          return answer(t.apiKeySaved(result.last4));
        case "refused":
          return answer(t.apiKeyRefused);
        case "unchecked":
          return answer(t.apiKeyUnchecked);
        case "off":
          return answer(t.apiKeyOff);
      }
    },
  );
}
