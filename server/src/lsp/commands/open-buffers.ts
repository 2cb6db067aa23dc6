import { fileURLToPath } from 'node:url';
import type { FeatureContext } from '../feature.js';

/** The editor's open buffers by path: a workspace copy gets these, not the (possibly older) files on disk. */
export function unsavedBuffers(feature: FeatureContext): Map<string, string> {
  const buffers = new Map<string, string>();
  for (const document of feature.documents.all()) {
    if (document.uri.startsWith('file:')) buffers.set(fileURLToPath(document.uri), document.text);
  }
  return buffers;
}
