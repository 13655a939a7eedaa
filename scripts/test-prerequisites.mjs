// What `pnpm test` needs beyond `pnpm install`: make and a C++ compiler (the tfjs-node addon is
// compiled by node-gyp; the runtime's optional native helper too), libjpeg's headers (the helper's
// JPEG decoder, which the runtime's tests cover) and Chromium (the demo's browser tests drive Debian's `chromium`; a test
// tool's own browser download cannot work where only package registries are reachable).
// Missing tools are installed with apt-get when running as root on Debian/Ubuntu; otherwise the
// test command stops before any test with one line saying what to install.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(command) {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(directory, command), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether the C++ compiler can build and link a program against libjpeg (headers + `-ljpeg`). */
function libjpegBuilds() {
  const compiler = process.env.CXX || (onPath('g++') ? 'g++' : 'c++');
  const result = spawnSync(compiler, ['-x', 'c++', '-', '-o', '/dev/null', '-ljpeg'], {
    input:
      '#include <cstdio>\n#include <jpeglib.h>\nint main() { jpeg_error_mgr e; return jpeg_std_error(&e) == nullptr; }\n',
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return !result.error && result.status === 0;
}

/** The tools, each with the Debian package that brings it and how to tell it is there. */
export const prerequisites = [
  { what: 'make', packages: ['make'], present: () => onPath('make') },
  { what: 'a C++ compiler (g++)', packages: ['g++'], present: () => onPath('g++') || onPath('c++') },
  { what: "libjpeg's headers (the native helper's JPEG decoder)", packages: ['libjpeg-dev'], present: libjpegBuilds },
  {
    what: 'Chromium (the demo browser tests)',
    packages: ['chromium'],
    present: () =>
      process.env.HUBVINO_CHROMIUM ? executable(process.env.HUBVINO_CHROMIUM) : executable('/usr/bin/chromium'),
  },
];

/**
 * Installs what is missing (apt-get, as root) and returns undefined, or the one line that says what to
 * install when that is not possible.
 */
export function ensureTestPrerequisites(log = (line) => process.stderr.write(`${line}\n`)) {
  let missing = prerequisites.filter((tool) => !tool.present());
  if (missing.length === 0) return undefined;
  const packages = missing.flatMap((tool) => tool.packages);
  const root = process.getuid?.() === 0;
  if (root && onPath('apt-get')) {
    log(`test: installing ${packages.join(' ')} with apt-get (needed by the tests)`);
    const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: environment,
    });
    if (update.status === 0) {
      spawnSync('apt-get', ['install', '-y', '-qq', ...packages], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: environment,
      });
    }
    missing = prerequisites.filter((tool) => !tool.present());
    if (missing.length === 0) return undefined;
  }
  const names = missing.map((tool) => tool.what).join(', ');
  const install = missing.flatMap((tool) => tool.packages).join(' ');
  return `the tests need ${names}: install them first (Debian/Ubuntu: sudo apt-get install ${install}; or set HUBVINO_CHROMIUM to a Chromium binary)`;
}
