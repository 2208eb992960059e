import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from "discord.js";

/** What the bot needs in a channel; README's invite link asks for the same. */
const PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
  // Optional: lets the bot remove 🔁 reactions it has acted on.
  PermissionFlagsBits.ManageMessages,
]);

/** The link that adds the bot to a server, with its commands and the permissions above. */
export function inviteLink(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(" "),
    permissions: PERMISSIONS.bitfield.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query}`;
}
