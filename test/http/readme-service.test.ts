import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineEnv, runShell } from '../support/cli-runner.js';
import { type LanternService, startService } from '../support/lantern-service.js';
import { reportMissingProgram } from '../support/missing-program.js';
import { REPO_ROOT } from '../support/paths.js';

const TOKEN = 'readme-token-0123456789abcdef';

/**
 * The curl commands of the README's service section that call `$URL` (the compose example calls its own
 * port), continuation lines joined, comments kept.
 */
function readmeCurls(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Run Lantern as a service');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  const lines = blocks.flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n'));
  return lines.filter((line) => line.startsWith('curl ') && line.includes('"$URL'));
}

const curlMissing = spawnSync('curl', ['--version']).error ? 'curl is not installed' : undefined;
if (curlMissing) reportMissingProgram('readme-service', curlMissing);

describe.skipIf(curlMissing)("the README's service examples, run as written", () => {
  let service: LanternService;
  beforeAll(async () => {
    service = await startService({ ...offlineEnv(), LANTERN_API_TOKENS: TOKEN });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('there is a curl for each route', () => {
    const routes = readmeCurls().map((line) => /"\$URL(\/[^"]*)"/.exec(line)?.[1]);
    for (const route of [
      'understand',
      'generate',
      'debug',
      'ask',
      'health',
      'ready',
      'stats',
      'openapi.json',
    ])
      expect(routes, route).toContain(`/api/v1/${route}`);
    expect(routes).toContain('/metrics');
  });

  it('each one succeeds against the service (offline, with a token)', async () => {
    for (const command of readmeCurls()) {
      // -w: the status after the body, to tell a 2xx from an error body.
      const run = await runShell(
        { URL: service.url, TOKEN },
        `${command.replace(/^curl /, "curl -w '\\n%{http_code}' ")}`,
      );
      expect(run.code, command).toBe(0);
      const status = run.stdout.trim().split('\n').at(-1);
      expect(status, `${command}\n${run.stdout}`).toBe('200');
    }
  });

  it('the debug example is fixed offline, by the parser', async () => {
    const debug = readmeCurls().find((command) => command.includes('/api/v1/debug')) as string;
    const run = await runShell({ URL: service.url, TOKEN }, debug);
    expect(JSON.parse(run.stdout)).toMatchObject({ explanation: 'Inserted the missing `)`.' });
  });
});
