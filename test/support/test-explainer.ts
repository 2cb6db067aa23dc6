import { Explainer } from '../../server/src/agent/explain.js';
import { DEFAULT_CONFIG } from '../../server/src/config.js';
import type { ContextSources } from '../../server/src/context/unit-context.js';
import { AnthropicProvider } from '../../server/src/llm/anthropic-provider.js';
import type { ModelProvider } from '../../server/src/llm/provider.js';
import { openStore } from '../../server/src/store/open-store.js';
import { ResponseCache } from '../../server/src/store/response-cache.js';
import { PerformanceMonitor } from '../../server/src/telemetry/performance-monitor.js';
import type { FakeModelServer } from './fake-model-server.js';
import { testRegistry } from './syntax-documents.js';

/** The real Anthropic provider talking to the fake model server, with no retries. */
export function fakeAnthropic(fake: FakeModelServer): AnthropicProvider {
  return new AnthropicProvider({
    apiKey: 'test-key',
    model: 'fake',
    baseUrl: fake.url,
    timeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    maxRetries: 0,
  });
}

/** An Explainer over `provider` with a fresh in-memory cache, failing the test on any model or store problem. */
export function testExplainer(provider: ModelProvider, sources: ContextSources): Explainer {
  const cache = new ResponseCache(
    () => openStore('memory', 'test', {}),
    'memory',
    60_000,
    (problem) => {
      throw new Error(problem);
    },
  );
  return new Explainer({
    provider: () => ({ kind: 'model', provider }),
    cache: () => cache,
    config: () => DEFAULT_CONFIG,
    sources,
    registry: testRegistry(),
    usage: new PerformanceMonitor(),
    onModelError: (error) => {
      throw error;
    },
    tools: () => [],
    onToolCall: () => undefined,
  });
}
