import { VERSION } from '../../version.js';
import type { Feature } from '../feature.js';
import { StatusRequest, type StatusResult } from '../protocol.js';

/** `lantern/status`: provider, model, cache location and hit/miss counts, requests and tokens so far. */
export const status: Feature = {
  name: 'status',
  capabilities: () => ({}),
  register({ connection, agent, documents, registry, guard }) {
    connection.onRequest(
      StatusRequest,
      guard(
        StatusRequest,
        (): StatusResult => ({
          version: VERSION,
          ...agent.status(),
          openDocuments: [...documents.all()].length,
          grammarsLoaded: registry.loadedNames(),
        }),
      ),
    );
  },
};
