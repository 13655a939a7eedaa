import type { HubvinoErrorOptions } from './hubvino-error.js';

/** Where a remote failure happened: which server, which call, and what it answered. */
export interface RemoteErrorContext {
  /** The endpoint the client was created for, e.g. `http://127.0.0.1:8000`. */
  endpoint: string;
  /** The full URL of the failed call, e.g. `http://127.0.0.1:8000/v2/models/mobilenet_v2/infer`. */
  url: string;
  /** The HTTP status the server answered with, when it answered at all. */
  status?: number;
  /** The server's own error text (the v2 protocol's `{ "error": "..." }`), when it sent one. */
  serverMessage?: string;
}

/** Options of every remote error: the context and the common options. */
export interface RemoteErrorOptions extends HubvinoErrorOptions, RemoteErrorContext {}
