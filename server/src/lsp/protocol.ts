/**
 * Lantern's own protocol surface, declared once: command ids and custom requests. The command ids are
 * part of the contract editors and outside checks rely on (see DESIGN.md); do not rename them.
 */
export const Commands = {
  explain: 'lantern.explain',
  fix: 'lantern.fix',
  debug: 'lantern.debug',
  generate: 'lantern.generate',
  generateDocstring: 'lantern.generateDocstring',
  generateTests: 'lantern.generateTests',
  ask: 'lantern.ask',
  clearCache: 'lantern.clearCache',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The source name on every diagnostic Lantern publishes. */
export const DIAGNOSTIC_SOURCE = 'lantern';

/** Diagnostic codes Lantern publishes. */
export const DiagnosticCodes = {
  missingToken: 'missing-token',
  unexpected: 'syntax-error',
} as const;
