import type { ButtonInteraction, ModalSubmitInteraction } from "discord.js";
import type { z } from "zod";

/**
 * A kind of component (a button, a modal): the one module that renders it (its
 * custom_id) and handles what comes back. A custom_id is `prefix` or `prefix:argument`,
 * so a component can carry an argument (a job id, a message id); the router finds it by
 * prefix and the argument is parsed before the handler sees it. A custom_id whose argument
 * does not parse is ignored.
 */
export interface Component<I> {
  readonly prefix: string;
  /** Resolves to false when the argument did not parse (nothing was done). */
  run(interaction: I, argument: string): Promise<boolean>;
}

export type ButtonComponent = Component<ButtonInteraction>;
export type ModalComponent = Component<ModalSubmitInteraction>;

/** A component whose handler gets its custom_id argument parsed by `argument`. */
function component<I, S extends z.ZodType>(
  prefix: string,
  argument: S,
  handle: (interaction: I, args: z.output<S>) => Promise<void>,
): Component<I> {
  return {
    prefix,
    async run(interaction, raw) {
      const parsed = argument.safeParse(raw);
      if (!parsed.success) return false;
      await handle(interaction, parsed.data);
      return true;
    },
  };
}

/** A button whose handler gets its custom_id argument parsed by `argument`. */
export function button<S extends z.ZodType>(
  prefix: string,
  argument: S,
  handle: (interaction: ButtonInteraction, args: z.output<S>) => Promise<void>,
): ButtonComponent {
  return component(prefix, argument, handle);
}

/** A modal whose submit handler gets its custom_id argument parsed by `argument`. */
export function modal<S extends z.ZodType>(
  prefix: string,
  argument: S,
  handle: (interaction: ModalSubmitInteraction, args: z.output<S>) => Promise<void>,
): ModalComponent {
  return component(prefix, argument, handle);
}

/** The custom_id of a component with `prefix`, carrying `argument` if given. */
export function customId(prefix: string, argument?: string): string {
  return argument === undefined ? prefix : `${prefix}:${argument}`;
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
