import type { ModelProvider } from '../llm/provider.js';

/** Whether a provider's endpoint answers, and accepts the key, without spending tokens. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly detail: string;
  readonly status?: number;
  readonly ms?: number;
}

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Lists the endpoint's models (GET …/v1/models for Anthropic, …/models for OpenAI-compatible servers):
 * free, and it needs the key, so a wrong key shows here rather than on the first real request. The key is
 * sent to the configured endpoint only, as the provider itself would send it, and never printed.
 */
export async function probeProvider(provider: ModelProvider, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const base = provider.endpoint.replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  let url: string;
  let keyName: string;
  if (provider.name === 'anthropic') {
    url = `${base}/v1/models?limit=1`;
    keyName = 'ANTHROPIC_API_KEY';
    headers['x-api-key'] = env.ANTHROPIC_API_KEY?.trim() ?? '';
    headers['anthropic-version'] = '2023-06-01';
  } else {
    url = `${base}/models`;
    keyName = 'OPENAI_API_KEY';
    const key = env.OPENAI_API_KEY?.trim();
    if (key) headers.authorization = `Bearer ${key}`;
  }
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${PROBE_TIMEOUT_MS} ms`
        : (cause ?? (error as Error).message);
    return { ok: false, detail: `cannot reach ${base} (${reason})` };
  }
  const ms = Math.round(performance.now() - started);
  const { status } = response;
  if (status === 401 || status === 403)
    return {
      ok: false,
      status,
      ms,
      detail: `${base} refused the key (HTTP ${status}): ${keyName} is missing or wrong`,
    };
  if (status >= 200 && status < 300) return { ok: true, status, ms, detail: `${base} answered in ${ms} ms` };
  // A server without a model list still answers: reachable. A 5xx is a server in trouble.
  const path = url.slice(base.length).split('?')[0];
  return { ok: status < 500, status, ms, detail: `${base} answered HTTP ${status} to ${path} in ${ms} ms` };
}
