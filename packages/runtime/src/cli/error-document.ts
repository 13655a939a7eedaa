import { HubvinoError } from '../errors/hubvino-error.js';

/**
 * The one JSON document every hubvino command line prints on stdout under `--json` when it fails:
 * `{ "error": { code, message, ... } }`. Hubvino errors add `category`, their own fields
 * (`argument`, `file`, `url`, ...) and the OpenVINO status, function and message when set.
 */
export interface ErrorDocument {
  error: {
    code: string;
    message: string;
    [field: string]: unknown;
  };
}

/** The {@link ErrorDocument} for `error` (`ERR_INTERNAL` for anything that is not a hubvino error). */
export function errorDocument(error: unknown): ErrorDocument {
  if (HubvinoError.isInstance(error)) {
    const { name: _name, cause: _cause, code, message, ...fields } = error.toJSON();
    return { error: { code, message, ...fields } };
  }
  return { error: { code: 'ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) } };
}

/** The {@link ErrorDocument} for a command-line usage mistake (unknown option, missing argument). */
export function usageErrorDocument(message: string): ErrorDocument {
  return { error: { code: 'ERR_USAGE', message: message.replace(/^error: /, '') } };
}
