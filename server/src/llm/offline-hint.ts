/**
 * How to leave offline mode, in the one wording every surface shows: CLI, hover, the reason of a
 * disabled code action, doctor, README (a test keeps the README's copy the same).
 */
export const OFFLINE_HINT =
  'Set ANTHROPIC_API_KEY to use Claude, or "provider": "openai" (LANTERN_PROVIDER=openai) to use a local OpenAI-compatible server.';

/** What an explanation says after the structure when no model is configured (hover and CLI). */
export const OFFLINE_NOTE = `*Offline: structure only. ${OFFLINE_HINT}*`;

/** Why a model-only ability cannot run, and how to get a model: one sentence each. */
export function needsModel(what: string, reason: string): string {
  return `Lantern needs a model ${what}: ${reason}. ${OFFLINE_HINT}`;
}
