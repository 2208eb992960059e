import type { ButtonInteraction, ModalSubmitInteraction } from "discord.js";
import type { z } from "zod";
import type { InteractionContext } from "../handlers/context.js";

/**
 * A kind of component (a button, a modal) and what it does when used. Its custom_id
 * (`interactions/custom-ids.ts`) is `prefix` or `prefix:argument`; the router finds the
 * component by prefix and the argument is parsed before the handler sees it. A custom_id
 * whose argument does not parse is ignored.
 */
export interface Component<I> {
  readonly prefix: string;
  /** Resolves to false when the argument did not parse (nothing was done). */
  run(interaction: I, argument: string, context: InteractionContext): Promise<boolean>;
}

export type ButtonComponent = Component<ButtonInteraction>;
export type ModalComponent = Component<ModalSubmitInteraction>;

type Handle<I, S extends z.ZodType> = (
  interaction: I,
  args: z.output<S>,
  context: InteractionContext,
) => Promise<void>;

/** A component whose handler gets its custom_id argument parsed by `argument`. */
function component<I, S extends z.ZodType>(
  prefix: string,
  argument: S,
  handle: Handle<I, S>,
): Component<I> {
  return {
    prefix,
    async run(interaction, raw, context) {
      const parsed = argument.safeParse(raw);
      if (!parsed.success) return false;
      await handle(interaction, parsed.data, context);
      return true;
    },
  };
}

/** A button whose handler gets its custom_id argument parsed by `argument`. */
export function button<S extends z.ZodType>(
  prefix: string,
  argument: S,
  handle: Handle<ButtonInteraction, S>,
): ButtonComponent {
  return component(prefix, argument, handle);
}

/** A modal whose submit handler gets its custom_id argument parsed by `argument`. */
export function modal<S extends z.ZodType>(
  prefix: string,
  argument: S,
  handle: Handle<ModalSubmitInteraction, S>,
): ModalComponent {
  return component(prefix, argument, handle);
}

/** Splits a custom_id into the component it belongs to and its argument. */
export function findComponent<C extends { prefix: string }>(
  components: readonly C[],
  id: string,
): { component: C; argument: string } | undefined {
  for (const candidate of components) {
    if (id === candidate.prefix) return { component: candidate, argument: "" };
    if (id.startsWith(`${candidate.prefix}:`)) {
      return { component: candidate, argument: id.slice(candidate.prefix.length + 1) };
    }
  }
  return undefined;
}
