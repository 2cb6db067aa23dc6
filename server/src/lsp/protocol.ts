import type { AgentStatus } from '../agent/agent-core.js';

/**
 * Lantern's own protocol surface, declared once: command ids and custom requests. The command ids are
 * part of the contract editors and outside checks rely on (see docs/design.md); do not rename them.
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
  /** Runs one of the user's `customActions` (listed as code actions). */
  runAction: 'lantern.runAction',
  /** Rewrites the selected code per the user's instruction (the client plugins ask for it). */
  edit: 'lantern.edit',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The source name on every diagnostic Lantern publishes. */
export const DIAGNOSTIC_SOURCE = 'lantern';

/** Diagnostic codes Lantern publishes. */
export const DiagnosticCodes = {
  missingToken: 'missing-token',
  unexpected: 'syntax-error',
} as const;

/** Arguments of `lantern.explain`. */
export interface ExplainCommandArgs {
  readonly uri: string;
  readonly position: { readonly line: number; readonly character: number };
  /** Ask the model again and replace the cached answer. */
  readonly refresh?: boolean;
  /** Also show the answer with window/showMessage (for editors that drop command results). */
  readonly present?: boolean;
  /** Only an explanation already cached, never the model (eldoc's gist): else the header alone. */
  readonly cacheOnly?: boolean;
  /** Explain this diagnostic (at `position`) instead of the symbol there. */
  readonly diagnostic?: { readonly message: string; readonly source?: string };
  /** A language without a grammar: explain these lines (a selection) instead of the block at `position`. */
  readonly range?: GenerateArgs['range'];
}

/** The `lantern/status` request: what Lantern is running with, and what it has done so far. */
export const StatusRequest = 'lantern/status';

export interface StatusResult extends AgentStatus {
  readonly version: string;
  readonly openDocuments: number;
  readonly grammarsLoaded: readonly string[];
}

/** Arguments of `lantern.fix` (and the `data` of a "Fix with Lantern" action). */
export interface FixArgs {
  readonly uri: string;
  /** The document version the diagnostic belongs to; a fix for another version is refused. */
  readonly version: number;
  readonly diagnostic: {
    readonly range: { readonly start: { readonly line: number; readonly character: number } };
    readonly message: string;
    readonly source?: string;
  };
}

/** Arguments of `lantern.debug`: the test file (and optionally a position in the failing test). */
export interface DebugArgs {
  readonly uri: string;
}

/** What `lantern.debug` did. */
export interface DebugOutcome {
  readonly status: 'fixed' | 'passing' | 'failed' | 'untrusted' | 'not-configured';
  readonly message: string;
  /** Whether the verified fix was applied (the user chose Apply). */
  readonly applied?: boolean;
}

/** Arguments of `lantern.generate`: where, and optionally what (else the selection or the comment there). */
export interface GenerateArgs {
  readonly uri: string;
  readonly position?: { readonly line: number; readonly character: number };
  readonly range?: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly instruction?: string;
}

/** Arguments of `lantern.edit`: the selection (empty: the unit at the cursor) and what to do with it. */
export interface EditArgs {
  readonly uri: string;
  readonly range: NonNullable<GenerateArgs['range']>;
  /** What to change; a client plugin asks the user for it (absent: the edit is refused with why). */
  readonly instruction?: string;
  /** The document version the selection was made in; a later version is refused. */
  readonly version?: number;
}

/** Arguments of `lantern.generateDocstring` and `lantern.generateTests`: the unit at a position. */
export interface UnitArgs {
  readonly uri: string;
  readonly position: { readonly line: number; readonly character: number };
}

/** Arguments of `lantern.ask`. */
export interface AskArgs {
  readonly question: string;
  readonly uri?: string;
  readonly range?: GenerateArgs['range'];
  readonly sessionId?: string;
}

/** Arguments of `lantern.runAction` (and the `data` of a custom action resolved lazily). */
export interface CustomActionArgs {
  readonly uri: string;
  /** The document version the action was listed for; a later version is refused. */
  readonly version: number;
  /** Where the unit's name starts. */
  readonly position: { readonly line: number; readonly character: number };
  /** Which of `customActions`, and its title as listed: a settings change meanwhile is noticed. */
  readonly index: number;
  readonly title: string;
}
