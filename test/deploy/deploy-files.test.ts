import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_PORT } from '../../server/src/cli/serve-command.js';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/src/config.js';
import { userConfigPath } from '../../server/src/config-sources.js';
import { ENVIRONMENT_VARIABLES } from '../../server/src/environment.js';
import { buildApp } from '../../server/src/http/app.js';
import { createServiceAgent } from '../../server/src/http/service-agent.js';
import { storeKind } from '../../server/src/store/open-store.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import {
  composeFile,
  dockerfileInstructions,
  execForm,
  fetchedUrl,
  type KubernetesObject,
  kubernetesObject,
  kubernetesObjects,
  probePaths,
  readmeCommands,
} from '../support/deploy-files.js';
import { freshDir } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const ENV_NAMES = new Set(ENVIRONMENT_VARIABLES.map((variable) => variable.name));

/** Each kind the manifests use, by apiVersion and kind: the schema it is validated against. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

interface Probe {
  readonly httpGet: { readonly path: string; readonly port: number | string };
}
interface Container {
  readonly name: string;
  readonly command: string[];
  readonly ports: { readonly name?: string; readonly containerPort: number }[];
  readonly env?: { readonly name: string }[];
  readonly envFrom?: { readonly secretRef?: { name: string }; readonly configMapRef?: { name: string } }[];
  readonly volumeMounts: { readonly name: string; readonly mountPath: string }[];
  readonly resources: { readonly requests: object; readonly limits: object };
  readonly livenessProbe: Probe;
  readonly readinessProbe: Probe;
  readonly startupProbe: Probe;
}
interface PodSpec {
  readonly containers: Container[];
  readonly volumes: { readonly name: string; readonly configMap?: { name: string } }[];
  readonly securityContext: { readonly runAsNonRoot: boolean; readonly runAsUser: number };
}

const deployment = () => kubernetesObject<{ spec: { template: { spec: PodSpec } } }>('Deployment');
const lanternContainer = () => deployment().spec.template.spec.containers[0] as Container;
const dataOf = (kind: string) =>
  kubernetesObject<{ data?: Record<string, string>; stringData?: Record<string, string> }>(kind);

/** `--port N` of a command line. */
function portArgument(command: readonly string[]): number {
  return Number(command[command.indexOf('--port') + 1]);
}

/** Every leaf key of a settings object (`log.maxSize`…). */
function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

describe('deploy/k8s', () => {
  it('holds a Deployment, Service, ConfigMap, Secret, HorizontalPodAutoscaler and PodDisruptionBudget', () => {
    expect(
      kubernetesObjects()
        .map(({ object }) => object.kind)
        .sort(),
    ).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
  });

  it('every manifest validates against the Kubernetes schemas', () => {
    for (const { file, object } of kubernetesObjects()) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${file}: ${object.apiVersion} ${object.kind}`).toBeDefined();
      expect(() => new (Model as NonNullable<typeof Model>)(object as never).validate(), file).not.toThrow();
    }
    // The validator does catch a mistake: a port given as text.
    const broken = structuredClone(deployment()) as unknown as KubernetesObject;
    const spec = (broken as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
    (spec.containers[0]?.ports[0] as { containerPort: unknown }).containerPort = '8080';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort must be integer/);
  });

  it('selectors match the pod labels: the Service, the budget and the autoscaler reach the Deployment', () => {
    const pods = (deployment() as unknown as { spec: { template: { metadata: { labels: object } } } }).spec
      .template.metadata.labels;
    const service = kubernetesObject<{ spec: { selector: object } }>('Service');
    const budget = kubernetesObject<{ spec: { selector: { matchLabels: object } } }>('PodDisruptionBudget');
    const scaler = kubernetesObject<{ spec: { scaleTargetRef: { kind: string; name: string } } }>(
      'HorizontalPodAutoscaler',
    );
    expect(pods).toMatchObject(service.spec.selector);
    expect(pods).toMatchObject(budget.spec.selector.matchLabels);
    expect(scaler.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'lantern' });
    expect(kubernetesObject('Deployment').metadata.name).toBe('lantern');
  });

  it('runs as a non-root user with resources and all three probes on the service routes', () => {
    const pod = deployment().spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    const container = lanternContainer();
    expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources.limits)).toContain('memory');
    expect(container.livenessProbe.httpGet.path).toBe('/api/v1/health');
    expect(container.startupProbe.httpGet.path).toBe('/api/v1/health');
    expect(container.readinessProbe.httpGet.path).toBe('/api/v1/ready');
  });

  it('mounts the ConfigMap where the service reads its config file, and its settings are valid ones', () => {
    const container = lanternContainer();
    const configHome = container.env?.find((variable) => variable.name === 'XDG_CONFIG_HOME') as
      | { value: string }
      | undefined;
    const volume = deployment().spec.template.spec.volumes.find(
      (candidate) => candidate.configMap?.name === kubernetesObject('ConfigMap').metadata.name,
    );
    const mount = container.volumeMounts.find((candidate) => candidate.name === volume?.name);
    const file = Object.keys(dataOf('ConfigMap').data ?? {})[0] ?? '';
    expect(join(mount?.mountPath ?? '', file)).toBe(userConfigPath({ XDG_CONFIG_HOME: configHome?.value }));

    const settings = JSON.parse(dataOf('ConfigMap').data?.[file] ?? '');
    expect(resolveConfig([settings]).warnings).toEqual([]);
    // zod drops keys it does not know without a word: each one must be a real setting.
    const known = new Set(leafKeys(DEFAULT_CONFIG));
    expect(leafKeys(settings).filter((key) => !known.has(key))).toEqual([]);
  });

  it('keeps secrets in the Secret only, and ships none (every value is empty or a placeholder)', () => {
    const secret = dataOf('Secret').stringData ?? {};
    expect(Object.keys(secret)).toEqual(
      expect.arrayContaining([
        'ANTHROPIC_API_KEY',
        'LANTERN_API_TOKENS',
        'LANTERN_CACHE_STORE',
        'LANTERN_USAGE_STORE',
      ]),
    );
    // Redis for the fast shared state (and the rate limit), Postgres for the durable usage log.
    expect(storeKind(secret.LANTERN_CACHE_STORE ?? '')).toBe('redis');
    expect(storeKind(secret.LANTERN_USAGE_STORE ?? '')).toBe('postgres');
    expect(secret.ANTHROPIC_API_KEY).toBe('');
    expect(secret.LANTERN_API_TOKENS).toBe('');
    expect(JSON.stringify(dataOf('ConfigMap').data)).not.toMatch(/KEY|TOKEN|PASSWORD|postgres:\/\//i);
    expect(lanternContainer().envFrom).toEqual([
      { secretRef: { name: kubernetesObject('Secret').metadata.name } },
    ]);
  });
});

describe('deploy/Dockerfile', () => {
  const instructions = dockerfileInstructions();
  const finalStage = Math.max(...instructions.map((instruction) => instruction.stage));
  const inFinal = instructions.filter((instruction) => instruction.stage === finalStage);
  const runs = (stage: number) =>
    instructions.filter((instruction) => instruction.keyword === 'RUN' && instruction.stage === stage);

  it('builds in one stage with the toolchain, and runs from another without it', () => {
    expect(finalStage).toBe(1);
    const toolchain = runs(0).find((run) => run.content.includes('apt-get install'));
    expect(toolchain?.content).toMatch(/apt-get install -y --no-install-recommends g\+\+ make python3 /);
    for (const run of runs(finalStage)) expect(run.content).not.toMatch(/apt-get|g\+\+|make|python3|npm/);
    expect(
      inFinal.filter((instruction) => instruction.keyword === 'COPY').map((copy) => copy.content),
    ).toEqual(['--from=build /opt/lantern /opt/lantern']);
    expect(instructions[0]?.content).toMatch(/ AS build$/);
  });

  it("installs and builds with the README's own commands", () => {
    const readme = readmeCommands();
    const npmSteps = runs(0)
      .filter((run) => /\bnpm\b/.test(run.content))
      .flatMap((run) => run.content.split('&&').map((step) => step.trim()));
    expect(npmSteps).toEqual(['npm ci', 'npm pack', `npm install -g ./lantern-ls-${PACKAGE.version}.tgz`]);
    for (const step of npmSteps) expect(readme, step).toContain(step);
  });

  it('runs `lantern serve` as a numbered non-root user, on the port it exposes and health-checks', () => {
    const user = inFinal.filter((instruction) => instruction.keyword === 'USER').at(-1)?.content ?? '';
    expect(user).toMatch(/^[1-9]\d*$/);
    const cmd = execForm(inFinal.find((instruction) => instruction.keyword === 'CMD')?.content ?? '');
    expect(Object.keys(PACKAGE.bin)).toContain(cmd[0]);
    expect(cmd.slice(1, 2)).toEqual(['serve']);
    expect(portArgument(cmd)).toBe(DEFAULT_SERVE_PORT);
    expect(inFinal.find((instruction) => instruction.keyword === 'EXPOSE')?.content).toBe(
      String(DEFAULT_SERVE_PORT),
    );
    const check = inFinal.find((instruction) => instruction.keyword === 'HEALTHCHECK')?.content ?? '';
    const url = fetchedUrl(execForm(check.slice(check.indexOf('CMD'))));
    expect(Number(url.port)).toBe(DEFAULT_SERVE_PORT);
    expect(url.pathname).toBe('/api/v1/health');
  });
});

describe('deploy/docker-compose.yml', () => {
  const { services } = composeFile();
  const lantern = services.lantern ?? {};

  it('runs lantern beside redis and postgres, each health-checked, lantern once both are healthy', () => {
    expect(Object.keys(services).sort()).toEqual(['lantern', 'postgres', 'redis']);
    for (const [name, service] of Object.entries(services))
      expect(service.healthcheck?.test.length, name).toBeGreaterThan(1);
    expect(lantern.depends_on).toEqual({
      redis: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
    });
    expect(lantern.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(fetchedUrl(lantern.healthcheck?.test ?? []).pathname).toBe('/api/v1/ready');
  });

  it('keeps cache, sessions and the rate limit in redis, the usage log in postgres', () => {
    const environment = lantern.environment ?? {};
    expect(storeKind(environment.LANTERN_CACHE_STORE ?? '')).toBe('redis');
    expect(new URL(environment.LANTERN_CACHE_STORE ?? '').hostname).toBe('redis');
    expect(storeKind(environment.LANTERN_USAGE_STORE ?? '')).toBe('postgres');
    expect(environment.LANTERN_USAGE_STORE).toMatch(/@postgres:5432\//);
  });

  it('takes its secrets from the environment, never from the file', () => {
    const environment = lantern.environment ?? {};
    // Compose's own `${NAME…}` references, not values.
    expect(environment.ANTHROPIC_API_KEY).toMatch(/^\$\{ANTHROPIC_API_KEY:-\}$/);
    expect(environment.LANTERN_API_TOKENS).toMatch(/^\$\{LANTERN_API_TOKENS:\?/);
    expect(environment.LANTERN_USAGE_STORE).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
    expect(services.postgres?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});

describe('deploy/ agrees with the code', () => {
  const { services } = composeFile();
  const lantern = services.lantern ?? {};

  it('every environment variable given to Lantern is one Lantern reads', () => {
    const container = lanternContainer();
    const given = [
      ...Object.keys(lantern.environment ?? {}),
      ...(container.env ?? []).map((variable) => variable.name),
      ...Object.keys(dataOf('Secret').stringData ?? {}),
    ];
    expect(given.length).toBeGreaterThan(5);
    expect(given.filter((name) => !ENV_NAMES.has(name))).toEqual([]);
  });

  it('every health check and probe asks for a route the service registers', async () => {
    const home = freshDir('lantern-deploy-routes-');
    const registry = new GrammarRegistry();
    const env = { HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home };
    const { agent } = createServiceAgent(env, registry, { warn: () => undefined });
    const app = await buildApp({ agent, registry });
    try {
      await app.ready();
      const paths = probePaths();
      expect(paths).toHaveLength(5);
      expect(new Set(paths)).toEqual(new Set(['/api/v1/health', '/api/v1/ready']));
      for (const url of paths) expect(app.hasRoute({ method: 'GET', url }), url).toBe(true);
      expect(app.hasRoute({ method: 'GET', url: '/api/v1/healthz' })).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('one port everywhere: the CLI default, EXPOSE, compose, containerPort, the probes, the Service', () => {
    const container = lanternContainer();
    const [http] = container.ports;
    expect(http?.containerPort).toBe(DEFAULT_SERVE_PORT);
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe])
      expect([http?.name, http?.containerPort]).toContain(probe.httpGet.port);
    const service = kubernetesObject<{ spec: { ports: { port: number; targetPort: number | string }[] } }>(
      'Service',
    );
    expect(service.spec.ports).toHaveLength(1);
    expect(service.spec.ports[0]?.port).toBe(DEFAULT_SERVE_PORT);
    expect([http?.name, http?.containerPort]).toContain(service.spec.ports[0]?.targetPort);
    expect(lantern.ports).toEqual([`${DEFAULT_SERVE_PORT}:${DEFAULT_SERVE_PORT}`]);
    expect(Number(fetchedUrl(lantern.healthcheck?.test ?? []).port)).toBe(DEFAULT_SERVE_PORT);
  });

  it('the image, compose and Kubernetes start the same command', () => {
    const cmd = dockerfileInstructions()
      .filter((instruction) => instruction.keyword === 'CMD')
      .at(-1);
    const image = execForm(cmd?.content ?? '');
    expect(lantern.command).toEqual(image);
    expect(lanternContainer().command).toEqual(image);
    expect(image).toEqual(['lantern', 'serve', '--host', '0.0.0.0', '--port', String(DEFAULT_SERVE_PORT)]);
  });
});
