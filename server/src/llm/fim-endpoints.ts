import { ModelError } from './errors.js';
import { httpError } from './http-errors.js';
import type { ModelAnswer, ModelRequest } from './provider.js';

/** The native fill-in-the-middle endpoints of local model servers. */
export type FimEndpoint = 'llamacpp' | 'ollama';

export interface FimServer {
  /** The server's root URL (no `/v1`). */
  readonly root: string;
  readonly model: string;
  readonly apiKey: string | undefined;
}

/**
 * One fill-in-the-middle request to a native endpoint, answered whole (not streamed: a completion is
 * a few lines, shown only once checked, so there is nothing to show early). Aborting `signal` closes
 * the connection, so a superseded completion stops costing the server at once. No retries: by the
 * time one would be answered, the user has typed on.
 *
 * - llama.cpp `POST /infill`: `input_prefix`, `input_suffix`, and the context from other places as
 *   `input_extra` (the server puts it before the prefix in the model's own FIM format).
 * - Ollama `POST /api/generate` with `suffix`: the model's template does the FIM format; Ollama has no
 *   field for extra context, so it gets the prefix and suffix only.
 */
export async function askInfill(
  endpoint: FimEndpoint,
  server: FimServer,
  request: ModelRequest,
  signal: AbortSignal,
): Promise<ModelAnswer> {
  const fill = request.fill;
  if (!fill) throw new ModelError('bad-answer', 'a fill-in-the-middle request needs its prefix and suffix');
  const url = `${server.root}${endpoint === 'llamacpp' ? '/infill' : '/api/generate'}`;
  const body =
    endpoint === 'llamacpp'
      ? {
          input_prefix: fill.prefix,
          input_suffix: fill.suffix,
          input_extra: fill.extra,
          prompt: '',
          n_predict: request.maxOutputTokens,
          stream: false,
          cache_prompt: true,
        }
      : {
          model: server.model,
          prompt: fill.prefix,
          suffix: fill.suffix,
          stream: false,
          options: { num_predict: request.maxOutputTokens },
        };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (server.apiKey) headers.authorization = `Bearer ${server.apiKey}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    throw httpError(response.status, url, detail);
  }
  let answer: InfillAnswer;
  try {
    answer = (await response.json()) as InfillAnswer;
  } catch {
    throw new ModelError('bad-answer', `${url} answered something that is not JSON.`);
  }
  const text = endpoint === 'llamacpp' ? answer.content : answer.response;
  if (typeof text !== 'string') throw new ModelError('bad-answer', `${url} answered no completion text.`);
  return {
    text,
    usage: {
      inputTokens: answer.tokens_evaluated ?? answer.prompt_eval_count ?? 0,
      outputTokens: answer.tokens_predicted ?? answer.eval_count ?? 0,
    },
  };
}

/** The fields of llama.cpp's and Ollama's answers that matter here. */
interface InfillAnswer {
  content?: unknown;
  response?: unknown;
  tokens_evaluated?: number;
  tokens_predicted?: number;
  prompt_eval_count?: number;
  eval_count?: number;
}
