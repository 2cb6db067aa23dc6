import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeModelServer } from '../support/fake-model-server.js';
import { type ClientFixture, workspaceWith } from './client-fixtures.js';
import { editorEnv, readResult, runEditor, STEP_DEADLINE_MS, tempDir } from './editor-harness.js';

/** How an editor runs a test driver on a file. */
export interface DriverLaunch {
  /** The editor's program, e.g. `nvim`. */
  readonly command: string;
  /** Its arguments, for the fixture's file. */
  readonly args: (file: string) => readonly string[];
  /** The spec the driver reads (LANTERN_DRIVER_SPEC); the result path and the step deadline are added. */
  readonly spec: (file: string) => Record<string, unknown>;
  /** What the user types at the editor's prompts. */
  readonly input?: string;
}

/**
 * Runs an editor on a fresh workspace holding `fixture`, against the fake model (editorEnv), with a
 * driver that reads its spec and writes what it saw as JSON; returns that.
 */
export async function runDriver<Result>(
  launch: DriverLaunch,
  fixture: ClientFixture,
  fake: FakeModelServer,
): Promise<Result> {
  const { dir, file } = workspaceWith(fixture);
  const resultPath = join(tempDir(`lantern-${launch.command}-result-`), 'result.json');
  const specPath = join(tempDir(`lantern-${launch.command}-spec-`), 'spec.json');
  writeFileSync(
    specPath,
    JSON.stringify({ ...launch.spec(file), result_path: resultPath, timeout_ms: STEP_DEADLINE_MS }),
  );
  const exit = await runEditor(launch.command, launch.args(file), {
    env: { ...editorEnv(fake), LANTERN_DRIVER_SPEC: specPath },
    cwd: dir,
    ...(launch.input === undefined ? {} : { input: launch.input }),
  });
  return readResult<Result>(resultPath, exit);
}
