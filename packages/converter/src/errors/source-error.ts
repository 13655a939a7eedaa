import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

/**
 * The source cannot be used: a path that does not exist, a handle that is not a TF Hub / Kaggle URL,
 * a folder that is not a SavedModel, an archive with entries outside its folder, links or devices.
 * Exit code class `source` (3).
 */
export class SourceError extends HubvinoError {
  /** The source as the caller gave it. */
  readonly source: string;

  constructor(source: string, message: string, options: HubvinoErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ERR_SOURCE', 'source', message, options);
    this.name = 'SourceError';
    this.source = source;
  }
}
