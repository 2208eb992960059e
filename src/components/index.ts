import type { InteractionDeps } from "../handlers/interaction-deps.js";
import { createApiKeyModal } from "./api-key-modal.js";
import { createCancelButton } from "./cancel-button.js";
import type { ButtonComponent, ModalComponent } from "./component.js";
import { createMakeVideoModal } from "./make-video-modal.js";
import { createRemixButton, createRemixModal } from "./remix.js";
import { createRetryButton } from "./retry-button.js";

/** The router's tables for buttons and modals, by custom_id prefix (see component.ts). */
export interface ComponentRoutes {
  buttons: readonly ButtonComponent[];
  modals: readonly ModalComponent[];
}

/**
 * Every button and modal, declared once and built from the same bag as the commands:
 * adding one is its module and one line here.
 */
export function createComponentRoutes(deps: InteractionDeps): ComponentRoutes {
  return {
    buttons: [createRetryButton(deps), createCancelButton(deps), createRemixButton(deps)],
    modals: [createMakeVideoModal(deps), createRemixModal(deps), createApiKeyModal(deps)],
  };
}
