import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './paths.js';

/** The files under deploy/, parsed, for the tests that hold them to the code (no container engine here). */

export const DEPLOY_DIR = join(REPO_ROOT, 'deploy');

/** One instruction of the Dockerfile: its keyword, its arguments, and its stage (0 = the first FROM's). */
export interface DockerInstruction {
  readonly keyword: string;
  readonly content: string;
  readonly stage: number;
}

/** The Dockerfile's instructions in order, each with the stage it belongs to. */
export function dockerfileInstructions(): DockerInstruction[] {
  const dockerfile = DockerfileParser.parse(readFileSync(join(DEPLOY_DIR, 'Dockerfile'), 'utf8'));
  let stage = -1;
  return dockerfile.getInstructions().map((instruction: Instruction) => {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') stage++;
    // As written, flags included (COPY --from=…), continued lines (a trailing backslash) joined into one.
    return { keyword, content: instruction.toString().slice(keyword.length).trim(), stage };
  });
}

/** The exec-form array at the end of a CMD or HEALTHCHECK … CMD instruction. */
export function execForm(content: string): string[] {
  const at = content.indexOf('[');
  if (at === -1) throw new Error(`not in exec form: ${content}`);
  return JSON.parse(content.slice(at)) as string[];
}

/** The compose file, as the YAML it is. */
export interface ComposeService {
  readonly command?: string[];
  readonly ports?: string[];
  readonly environment?: Record<string, string>;
  readonly healthcheck?: { readonly test: string[] };
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly build?: { readonly context: string; readonly dockerfile: string };
}

export function composeFile(): { services: Record<string, ComposeService> } {
  return parseYaml(readFileSync(join(DEPLOY_DIR, 'docker-compose.yml'), 'utf8'));
}

/**
 * Compose's interpolation of `${NAME}`, `${NAME:-default}` and `${NAME:?error}` from `variables`
 * (a missing required variable throws, as `docker compose` refuses to start).
 */
export function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, mode?: string, word?: string) => {
    const value = variables[name];
    if (value !== undefined && value !== '') return value;
    if (mode === '?') throw new Error(`compose needs ${name}: ${word}`);
    return mode === '-' ? (word ?? '') : '';
  });
}

/** A Kubernetes object as read from deploy/k8s (kind, apiVersion, and the rest). */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly [field: string]: unknown;
}

/** Every object of every manifest under deploy/k8s, with the file it came from. */
export function kubernetesObjects(): { file: string; object: KubernetesObject }[] {
  const dir = join(DEPLOY_DIR, 'k8s');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
        return { file, object: document.toJS() as KubernetesObject };
      }),
    );
}

/** The one object of `kind` (throws when there is not exactly one). */
export function kubernetesObject<T = KubernetesObject>(kind: string): T {
  const found = kubernetesObjects().filter(({ object }) => object.kind === kind);
  if (found.length !== 1) throw new Error(`deploy/k8s: expected one ${kind}, found ${found.length}`);
  return found[0]?.object as T;
}

/** The README's shell commands: each line of each sh block, comments dropped, split at `&&`. */
export function readmeCommands(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    (block[1] ?? '')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '')
      .flatMap((line) => line.split('&&').map((command) => command.trim())),
  );
}

/** The URL a `fetch('http://…')` health-check command asks for (the image's and compose's checks). */
export function fetchedUrl(command: readonly string[]): URL {
  const url = /fetch\('([^']+)'\)/.exec(command.join(' '))?.[1];
  if (!url) throw new Error(`no fetch(...) in ${command.join(' ')}`);
  return new URL(url);
}

interface ProbedContainer {
  readonly [probe: string]: { readonly httpGet: { readonly path: string } };
}

/** The paths every health check of deploy/ asks for: the image's, compose's, the Deployment's three probes. */
export function probePaths(): string[] {
  const check = dockerfileInstructions().find((instruction) => instruction.keyword === 'HEALTHCHECK');
  const container = kubernetesObject<{ spec: { template: { spec: { containers: ProbedContainer[] } } } }>(
    'Deployment',
  ).spec.template.spec.containers[0];
  return [
    fetchedUrl(execForm(check?.content.slice(check.content.indexOf('CMD')) ?? '')).pathname,
    fetchedUrl(composeFile().services.lantern?.healthcheck?.test ?? []).pathname,
    ...['startupProbe', 'livenessProbe', 'readinessProbe'].map(
      (probe) => container?.[probe]?.httpGet.path ?? '',
    ),
  ];
}
