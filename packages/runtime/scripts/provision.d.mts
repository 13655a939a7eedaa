// Types of scripts/provision.mjs (plain ESM so that it runs before anything is built).

/** A failure to provision, with a stable code (ERR_PYTHON_NOT_FOUND, ERR_NO_NETWORK, ERR_NOT_PROVISIONED, ...). */
export class ProvisionError extends Error {
  readonly code: string;
  constructor(code: string, message: string);
}

/** One provisioned venv, from its marker file. */
export interface ProvisionedVenv {
  path: string;
  openvino: string;
  tensorflow: string | null;
  python: string;
  requirements: string[];
  /** true when a complete venv was already there and nothing was installed. */
  reused: boolean;
}

export interface ProvisionResult {
  directory: string;
  base: ProvisionedVenv;
  dev?: ProvisionedVenv;
  serving?: ProvisionedVenv;
  quantize?: ProvisionedVenv;
}

export interface ProvisionOptions {
  /** Also the dev toolchain (TensorFlow; hubvino's own tests). */
  dev?: boolean;
  /** Also the serving toolchain (kserve). */
  serving?: boolean;
  /** Also the quantize toolchain (NNCF; `--quantize int8`). */
  quantize?: boolean;
  /** Only check that the toolchain is complete; never install. */
  check?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
  environment?: NodeJS.ProcessEnv;
}

export function provision(options?: ProvisionOptions): ProvisionResult;
export function toolchainDirectory(environment?: NodeJS.ProcessEnv): string;
export function hubvinoWorkspaceRoot(): string | undefined;
export function provisionCommand(): string;
export function venvNames(): { base: string; dev: string; serving: string; quantize: string };
