import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ArtifactNotFoundError';
const symbol = Symbol.for(marker);

/**
 * A model artifact is missing, has no such version, or its manifest cannot be read. The message
 * says how to publish one. Code `ERR_ARTIFACT_NOT_FOUND`, category `artifact`.
 */
export class ArtifactNotFoundError extends HubvinoError {
  constructor(message: string, options: HubvinoErrorOptions = {}) {
    super(message, { ...options, code: 'ERR_ARTIFACT_NOT_FOUND', category: 'artifact' });
    this.name = 'ArtifactNotFoundError';
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for an ArtifactNotFoundError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ArtifactNotFoundError {
    return HubvinoError.hasMarker(value, marker);
  }
}
