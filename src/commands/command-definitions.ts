import { grokVideoDefinition } from "./grok-video.js";
import type { CommandDefinition } from "./slash-command.js";

/** Everything registered with Discord; `npm run register` and the bot's start share it. */
export const COMMAND_DEFINITIONS: readonly CommandDefinition[] = [grokVideoDefinition];
