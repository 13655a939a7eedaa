import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolchainError } from '../errors/toolchain-error.js';
import { locateOpenVino } from './locate-openvino.js';
import { toolchainDirectory } from './toolchain-paths.js';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The C++ source of the optional helper, shipped with the package. */
export const openVinoExtrasSource = join(packageRoot, 'native', 'openvino-extras.cpp');

/**
 * Where the optional OpenVINO helper library (calls the C API lacks: Model clone/getName/
 * setFriendlyName/getOps, save_model, query_model, import with properties) lives:
 * `$HUBVINO_OPENVINO_EXTRAS`, else `<toolchain dir>/openvino-extras-<version>/libhubvino_openvino_extras.so`.
 */
export function openVinoExtrasPath(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.HUBVINO_OPENVINO_EXTRAS) return resolve(environment.HUBVINO_OPENVINO_EXTRAS);
  const { version } = locateOpenVino(environment);
  return join(toolchainDirectory(environment), `openvino-extras-${version}`, 'libhubvino_openvino_extras.so');
}

/** What {@link buildOpenVinoExtras} did. */
export interface OpenVinoExtrasBuild {
  path: string;
  built: boolean;
  compiler: string;
  /**
   * Whether the helper decodes JPEGs with libjpeg(-turbo) for `decodeImage()` (built when the
   * compiler finds `jpeglib.h` and `-ljpeg`; Debian: `apt-get install libjpeg-dev`).
   */
  jpeg: boolean;
}

/** Written beside the library: what it was built from, so a changed source is rebuilt. */
interface BuildStamp {
  source: string;
  jpeg: boolean;
}

function stampPath(target: string): string {
  return `${target}.build.json`;
}

function readStamp(target: string): BuildStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(stampPath(target), 'utf8')) as Partial<BuildStamp>;
    return typeof stamp.source === 'string' ? { source: stamp.source, jpeg: stamp.jpeg === true } : undefined;
  } catch {
    return undefined;
  }
}

function sourceDigest(): string {
  return createHash('sha256').update(readFileSync(openVinoExtrasSource)).digest('hex');
}

/** Whether `compiler` can compile and link a program against libjpeg (headers + `-ljpeg`). */
function compilerHasLibjpeg(compiler: string, directory: string): boolean {
  const output = join(directory, `jpeg-check.${process.pid}.out`);
  const result = spawnSync(compiler, ['-x', 'c++', '-', '-o', output, '-ljpeg'], {
    input:
      '#include <cstdio>\n#include <jpeglib.h>\nint main() { jpeg_error_mgr e; return jpeg_std_error(&e) == nullptr; }\n',
    encoding: 'utf8',
  });
  rmSync(output, { force: true });
  return !result.error && result.status === 0;
}

/**
 * Compiles the optional helper with a C++17 compiler (`$CXX`, default `g++`) against the
 * provisioned wheel's headers and `libopenvino`. The library is written beside its final place and
 * renamed when complete. Nothing calls this implicitly: it is the explicit, optional step behind
 * `hubvino-build-openvino-extras`. When libjpeg's headers and library are found, the helper also
 * decodes JPEGs (see {@link OpenVinoExtrasBuild.jpeg}).
 * @param options.force rebuild even when the library exists and was built from the current source.
 * @throws ToolchainError `ERR_OPENVINO_EXTRAS_BUILD` when no compiler, no headers, or compilation fails.
 */
export function buildOpenVinoExtras(
  options: { force?: boolean; environment?: NodeJS.ProcessEnv } = {},
): OpenVinoExtrasBuild {
  const environment = options.environment ?? process.env;
  const compiler = environment.CXX || 'g++';
  const target = openVinoExtrasPath(environment);
  const source = sourceDigest();
  const stamp = readStamp(target);
  if (existsSync(target) && !options.force && stamp?.source === source) {
    return { path: target, built: false, compiler, jpeg: stamp.jpeg };
  }
  const distribution = locateOpenVino(environment);
  const includeDirectory = distribution.includeDirectory;
  if (!includeDirectory) {
    throw new ToolchainError(
      `The OpenVINO in ${distribution.libraryDirectory} has no C++ headers; the helper builds against the provisioned wheel (unset HUBVINO_OPENVINO_LIB_DIR).`,
      { code: 'ERR_OPENVINO_EXTRAS_BUILD' },
    );
  }
  const library = readdirSync(distribution.libraryDirectory)
    .filter((name) => /^libopenvino\.so(\.\d+)*$/.test(name))
    .sort((a, b) => a.length - b.length)
    .map((name) => join(distribution.libraryDirectory, name))[0];
  if (!library) {
    throw new ToolchainError(`No libopenvino.so in ${distribution.libraryDirectory}.`, {
      code: 'ERR_OPENVINO_EXTRAS_BUILD',
    });
  }
  mkdirSync(dirname(target), { recursive: true });
  const jpeg = compilerHasLibjpeg(compiler, dirname(target));
  const partial = `${target}.${process.pid}.partial`;
  const result = spawnSync(
    compiler,
    [
      '-std=c++17',
      '-O2',
      '-shared',
      '-fPIC',
      '-I',
      includeDirectory,
      ...(jpeg ? ['-DHUBVINO_WITH_JPEG'] : []),
      openVinoExtrasSource,
      '-o',
      partial,
      library,
      ...(jpeg ? ['-ljpeg'] : []),
      `-Wl,-rpath,${distribution.libraryDirectory}`,
    ],
    { encoding: 'utf8' },
  );
  if (result.error || result.status !== 0) {
    rmSync(partial, { force: true });
    const reason = result.error ? result.error.message : (result.stderr || '').trim().split('\n').slice(-8).join('\n');
    throw new ToolchainError(
      `Could not compile the OpenVINO helper with ${compiler}: ${reason}. Install a C++17 compiler (Debian: apt-get install g++) or set CXX.`,
      { code: 'ERR_OPENVINO_EXTRAS_BUILD', cause: result.error },
    );
  }
  renameSync(partial, target);
  // The stamp goes last: a build interrupted before it is redone next time.
  const stampPartial = `${stampPath(target)}.${process.pid}.partial`;
  writeFileSync(stampPartial, `${JSON.stringify({ source, jpeg } satisfies BuildStamp)}\n`);
  renameSync(stampPartial, stampPath(target));
  return { path: target, built: true, compiler, jpeg };
}
