import { type Client, Status } from "discord.js";

/** Why this process cannot serve Discord right now (a shard not connected), or null. */
export function gatewayProblem(client: Client): string | null {
  const shards = [...client.ws.shards.values()];
  if (shards.length === 0) return "gateway not connected yet";
  const down = shards.filter((shard) => shard.status !== Status.Ready).map((shard) => shard.id);
  return down.length > 0 ? `gateway not connected (shard ${down.join(", ")})` : null;
}
