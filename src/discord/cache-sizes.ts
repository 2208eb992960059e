import type { Client } from "discord.js";

/** What discord.js holds in memory for this process's shards: for the ready line and the bench. */
export function cacheSizes(client: Client) {
  const sizes = { guilds: client.guilds.cache.size, channels: 0, roles: 0, members: 0, emojis: 0 };
  for (const guild of client.guilds.cache.values()) {
    sizes.channels += guild.channels.cache.size;
    sizes.roles += guild.roles.cache.size;
    sizes.members += guild.members.cache.size;
    sizes.emojis += guild.emojis.cache.size;
  }
  return { ...sizes, users: client.users.cache.size };
}
