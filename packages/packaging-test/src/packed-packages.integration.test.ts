// What a registry user gets: both publishable packages packed with `pnpm pack` (which runs their
// prepack build), installed as tarballs into throwaway projects outside the workspace — one with npm
// (--engine-strict), one with pnpm that is itself a pnpm workspace — with third-party dependencies
// from the npm registry. The consumer follows the packed READMEs only: the provisioning command the
// first-use error names, the converter README's convert.mjs, the runtime README's classify.mjs
// (plain JavaScript) and classify.ts (TypeScript), each package's bin. The only edits to the README
// code are the data paths: TF Hub is replaced by ../shared's copy of the same MobileNetV2 (TF Lite,
// uint8) and labels, and grace_hopper.jpg by ../shared's.
//
// OpenVINO is provisioned for real into $XDG_CACHE_HOME/hubvino/toolchain with XDG_CACHE_HOME pointed
// at a temporary folder (the documented default location, so nothing of the workspace's toolchain is
// reused); pip's own cache is kept (PIP_CACHE_DIR), so the wheel is not downloaded again.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = resolve(here, '..', '..', '..');
const sharedDirectory = resolve(workspaceRoot, '..', 'shared');
const sharedModel = join(
  sharedDirectory,
  'models',
  'mobilenet_v2_100_224',
  'tflite_quant',
  'mobilenet_v2_1.0_224_quant.tflite',
);
const sharedLabels = join(sharedDirectory, 'labels', 'ImageNetLabels.txt');
const sharedImage = join(sharedDirectory, 'images', 'grace_hopper.jpg');
const typescriptConsumerFixture = resolve(here, '..', 'fixtures', 'typescript-consumer');
const runtimeManifest = JSON.parse(readFileSync(join(workspaceRoot, 'packages', 'runtime', 'package.json'), 'utf8'));
const pins = JSON.parse(readFileSync(join(workspaceRoot, 'packages', 'runtime', 'toolchain.json'), 'utf8'));

const temporary = mkdtempSync(join(tmpdir(), 'hubvino-packaging-'));
const tarballs = join(temporary, 'tarballs');
const npmProject = join(temporary, 'npm-consumer');
const pnpmProject = join(temporary, 'pnpm-consumer');
const userCache = join(temporary, 'cache');
const emptyUserCache = join(temporary, 'empty-cache');
const provisionedVenv = join(userCache, 'hubvino', 'toolchain', `openvino-${pins.openvino}`);

/** The environment of a consumer's shell: none of the workspace's or pnpm's settings, a fresh user cache. */
function consumerEnvironment(cache = userCache): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Registry, proxy and certificate settings are the machine's and stay; the rest of npm_config_* is
    // what pnpm sets for the script running this test.
    const machineSetting = /^npm_config_(registry|@.*:registry|.*proxy|cafile|strict_ssl)$/i.test(key);
    if (!machineSetting && /^(npm_|pnpm_|HUBVINO_|INIT_CWD$|TURBO_|VITEST)/i.test(key)) continue;
    environment[key] = value;
  }
  return {
    ...environment,
    XDG_CACHE_HOME: cache,
    PIP_CACHE_DIR: process.env.PIP_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pip'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and collects its output. Asynchronous on purpose: a long spawnSync
 * (pack, install, provision) would block the vitest worker's event loop past its RPC time-out.
 */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? consumerEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 480_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolvePromise({ status, signal, stdout, stderr });
    });
  });
}

/** Runs the command and asserts exit 0, showing its output when it is not. */
async function succeeded(running: Promise<RunResult>, what: string): Promise<RunResult> {
  const result = await running;
  if (result.status !== 0) {
    throw new Error(
      `${what} exited ${result.status ?? result.signal}\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-6000)}`,
    );
  }
  return result;
}

/** Constructs a Core (the first use of OpenVINO) and prints the error it throws as JSON. */
const firstUseScript = [
  "import { Core } from '@hubvino/runtime';",
  'try { new Core(); console.log("{}"); }',
  'catch (error) { console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message })); }',
].join('\n');

/** Code blocks of a README that start with a `// <file name>` line, by file name. */
function readmeExamples(readme: string): Map<string, string> {
  const examples = new Map<string, string>();
  for (const [, file, code] of readme.matchAll(/```(?:js|ts)\n\/\/ ([\w.-]+\.(?:mjs|ts))\n([\s\S]*?)```/g)) {
    examples.set(file as string, code as string);
  }
  return examples;
}

function replaceExactly(code: string, from: string, to: string): string {
  if (!code.includes(from)) throw new Error(`the README example no longer contains ${from}`);
  return code.split(from).join(to);
}

/** Paths of the files under `directory`, relative to it. */
function filesUnder(directory: string, prefix = ''): string[] {
  return readdirSync(join(directory, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) return filesUnder(directory, path);
    return entry.isFile() ? [path] : [];
  });
}

beforeAll(async () => {
  // `pnpm pack` runs each package's prepack (a from-scratch build), as `changeset publish` does.
  for (const name of ['runtime', 'converter']) {
    await succeeded(
      run('pnpm', ['pack', '--pack-destination', tarballs], {
        cwd: join(workspaceRoot, 'packages', name),
        env: process.env,
      }),
      `pnpm pack (${name})`,
    );
  }
});

afterAll(() => {
  if (process.env.HUBVINO_KEEP_PACKAGING_TEMP === '1') console.error(`kept ${temporary}`);
  else rmSync(temporary, { recursive: true, force: true });
});

describe('the packed packages in an npm project', () => {
  const runtimeTarball = () => join(tarballs, `hubvino-runtime-${runtimeManifest.version}.tgz`);
  const installed = (name: string) => join(npmProject, 'node_modules', '@hubvino', name);

  it('install with npm --engine-strict on this Node, with one copy of @hubvino/runtime', async () => {
    mkdirSync(npmProject, { recursive: true });
    writeFileSync(join(npmProject, 'package.json'), `${JSON.stringify({ name: 'npm-consumer', private: true })}\n`);
    const tarballFiles = readdirSync(tarballs).sort();
    expect(tarballFiles).toEqual([
      expect.stringMatching(/^hubvino-converter-.*\.tgz$/),
      expect.stringMatching(/^hubvino-runtime-.*\.tgz$/),
    ]);
    const install = await succeeded(
      run(
        'npm',
        ['install', '--engine-strict', '--no-audit', '--no-fund', ...tarballFiles.map((file) => join(tarballs, file))],
        { cwd: npmProject },
      ),
      'npm install --engine-strict',
    );
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/EBADENGINE/);
    // The converter's dependency on the runtime is satisfied by the packed runtime, not the registry.
    expect(existsSync(join(installed('converter'), 'node_modules', '@hubvino', 'runtime'))).toBe(false);
    expect(existsSync(runtimeTarball())).toBe(true);
  });

  it('declare a Node.js floor that every installed dependency supports', async () => {
    const floor = semver.minVersion(runtimeManifest.engines.node)?.version ?? '';
    expect(floor).toBe('20.18.1');
    const conflicts: string[] = [];
    for (const file of filesUnder(join(npmProject, 'node_modules'))) {
      if (!file.endsWith('package.json')) continue;
      const manifest = JSON.parse(readFileSync(join(npmProject, 'node_modules', file), 'utf8'));
      const range = manifest.name && manifest.version ? manifest.engines?.node : undefined;
      if (range && !semver.satisfies(floor, range))
        conflicts.push(`${manifest.name}@${manifest.version}: node ${range}`);
    }
    expect(conflicts).toEqual([]);
  });

  it('ship the built code with the files their package.json names, and no source maps', async () => {
    for (const name of ['runtime', 'converter']) {
      const directory = installed(name);
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
      const files = filesUnder(directory);
      expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
      expect(files.some((file) => file.startsWith('src/') || file.endsWith('.test.js'))).toBe(false);
      for (const file of files.filter((file) => file.endsWith('.js'))) {
        expect(readFileSync(join(directory, file), 'utf8'), file).not.toMatch(/sourceMappingURL/);
      }
      const targets = [
        ...Object.values(manifest.bin as Record<string, string>),
        ...Object.values(manifest.exports as Record<string, string | Record<string, string>>).flatMap((value) =>
          typeof value === 'string' ? [value] : Object.values(value),
        ),
      ];
      for (const target of targets) expect(existsSync(join(directory, target)), `${name}: ${target}`).toBe(true);
      expect(manifest.repository?.url).toMatch(/^git\+https:/);
      expect(manifest.homepage).toMatch(/^https:/);
      expect(manifest.bugs?.url).toMatch(/^https:/);
      expect(manifest.engines.node).toBe('>=20.18.1');
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toMatch(/workspace:/);
    }
  });

  it('refuse require() with an "ESM only: use import()" error', async () => {
    for (const name of ['@hubvino/runtime', '@hubvino/runtime/toolchain', '@hubvino/converter']) {
      const result = await run(process.execPath, ['-e', `require(${JSON.stringify(name)})`], { cwd: npmProject });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/is ESM only: use import/);
    }
  });

  it('throw a ToolchainError on first use that names npx @hubvino/runtime provision and the user cache', async () => {
    const result = run(process.execPath, ['--input-type=module', '-e', firstUseScript], { cwd: npmProject });
    const error = JSON.parse((await succeeded(result, 'first use')).stdout);
    expect(error).toMatchObject({ name: 'ToolchainError', code: 'ERR_OPENVINO_NOT_FOUND' });
    expect(error.message).toContain("Run 'npx @hubvino/runtime provision' in your project");
    expect(error.message).toContain(join(userCache, 'hubvino', 'toolchain'));
    expect(error.message).toContain('HUBVINO_AUTO_PROVISION=1');
  });

  it('provision OpenVINO into the user cache with the command the error names, through the bin link', async () => {
    const result = await succeeded(run('npx', ['@hubvino/runtime', 'provision'], { cwd: npmProject }), 'npx provision');
    expect(result.stdout).toContain(`OpenVINO ${pins.openvino} provisioned in`);
    const marker = JSON.parse(readFileSync(join(provisionedVenv, 'hubvino-toolchain.json'), 'utf8'));
    expect(marker.openvino).toBe(pins.openvino);
    expect(existsSync(join(npmProject, '.toolchain'))).toBe(false);
  });

  it("run the runtime's bin: provision again returns at once, doctor loads the provisioned OpenVINO", async () => {
    const again = JSON.parse(
      (await succeeded(run('npx', ['hubvino', 'provision', '--json'], { cwd: npmProject }), 'provision --json')).stdout,
    );
    expect(again.base).toMatchObject({ path: provisionedVenv, reused: true, openvino: pins.openvino });
    const doctor = JSON.parse(
      (await succeeded(run('npx', ['hubvino', 'doctor', '--json'], { cwd: npmProject }), 'doctor --json')).stdout,
    );
    expect(doctor.openvino).toMatchObject({ version: pins.openvino, foundBy: 'provisioned' });
    expect(doctor.openvino.cLibraryPath.startsWith(provisionedVenv)).toBe(true);
    expect(doctor.devices.map((device: { name: string }) => device.name)).toContain('CPU');
    const help = await succeeded(run('npx', ['hubvino', '--help'], { cwd: npmProject }), 'hubvino --help');
    expect(help.stdout).toContain('provision');
    expect(help.stdout).not.toMatch(/pnpm install|workspace/);
  });

  it("convert MobileNetV2 with the converter README's convert.mjs and classify grace_hopper.jpg with the runtime README's classify.mjs", async () => {
    const converterExamples = readmeExamples(readFileSync(join(installed('converter'), 'README.md'), 'utf8'));
    const runtimeExamples = readmeExamples(readFileSync(join(installed('runtime'), 'README.md'), 'utf8'));
    let convertScript = converterExamples.get('convert.mjs') ?? '';
    convertScript = replaceExactly(
      convertScript,
      "'https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/5'",
      JSON.stringify(sharedModel),
    );
    convertScript = replaceExactly(
      convertScript,
      "'https://storage.googleapis.com/download.tensorflow.org/data/ImageNetLabels.txt'",
      JSON.stringify(sharedLabels),
    );
    const classifyScript = replaceExactly(
      runtimeExamples.get('classify.mjs') ?? '',
      "'grace_hopper.jpg'",
      JSON.stringify(sharedImage),
    );
    writeFileSync(join(npmProject, 'convert.mjs'), convertScript);
    writeFileSync(join(npmProject, 'classify.mjs'), classifyScript);

    const converted = await succeeded(run(process.execPath, ['convert.mjs'], { cwd: npmProject }), 'node convert.mjs');
    expect(converted.stdout.trim()).toBe(`published ${join(npmProject, 'models', 'mobilenet_v2', '1')}`);
    const classified = await succeeded(
      run(process.execPath, ['classify.mjs'], { cwd: npmProject }),
      'node classify.mjs',
    );
    // The TF Lite interpreter's top-1 for this model and image is "military uniform" (see the runtime's
    // image-classifier integration test); the score is printed with two decimals.
    expect(classified.stdout).toMatch(/^military uniform 0\.\d\d\n$/);
  });

  it("run the converter's bin: list shows the published model", async () => {
    const listing = JSON.parse(
      (await succeeded(run('npx', ['@hubvino/converter', 'list', '--json'], { cwd: npmProject }), 'list --json'))
        .stdout,
    );
    expect(listing.models).toEqual([
      expect.objectContaining({ name: 'mobilenet_v2', version: 1, task: 'image-classification' }),
    ]);
    const help = await succeeded(
      run('npx', ['hubvino-convert', '--help'], { cwd: npmProject }),
      'hubvino-convert --help',
    );
    expect(help.stdout).toContain('npx @hubvino/runtime provision');
    expect(help.stdout).not.toMatch(/pnpm install|workspace/);
  });
});

describe('the packed packages in a pnpm project that is itself a pnpm workspace', () => {
  it('install with pnpm (which runs no dependency install scripts)', async () => {
    mkdirSync(pnpmProject, { recursive: true });
    const tarball = (name: string) => `file:${join(tarballs, `hubvino-${name}-${runtimeManifest.version}.tgz`)}`;
    writeFileSync(
      join(pnpmProject, 'package.json'),
      `${JSON.stringify(
        {
          name: 'pnpm-consumer',
          private: true,
          type: 'module',
          dependencies: { '@hubvino/runtime': tarball('runtime'), '@hubvino/converter': tarball('converter') },
          devDependencies: { typescript: '5.9.3', '@types/node': '^20.19.0' },
          // Only for this test: the converter's "@hubvino/runtime": "^x.y.z" would otherwise come from the registry.
          pnpm: { overrides: { '@hubvino/runtime': tarball('runtime') } },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(pnpmProject, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    await succeeded(run('pnpm', ['install', '--no-frozen-lockfile'], { cwd: pnpmProject }), 'pnpm install');
    expect(existsSync(join(pnpmProject, 'node_modules', '.bin', 'hubvino'))).toBe(true);
  });

  it('name pnpm exec hubvino provision and the user cache on first use, never the project folder', async () => {
    const environment = consumerEnvironment(emptyUserCache);
    const check = await run('pnpm', ['exec', 'hubvino', 'provision', '--check', '--json'], {
      cwd: pnpmProject,
      env: environment,
    });
    expect(check.status).toBe(8);
    const error = JSON.parse(check.stdout).error;
    expect(error.code).toBe('ERR_NOT_PROVISIONED');
    expect(error.message).toContain(join(emptyUserCache, 'hubvino', 'toolchain'));
    expect(error.message).toContain('run: pnpm exec hubvino provision');
    const firstUse = await succeeded(
      run(process.execPath, ['--input-type=module', '-e', firstUseScript], { cwd: pnpmProject, env: environment }),
      'first use',
    );
    expect(JSON.parse(firstUse.stdout)).toMatchObject({ name: 'ToolchainError', code: 'ERR_OPENVINO_NOT_FOUND' });
    expect(JSON.parse(firstUse.stdout).message).toContain("Run 'pnpm exec hubvino provision' in your project");
    expect(existsSync(join(pnpmProject, '.toolchain'))).toBe(false);
  });

  it('find the toolchain that the npm project provisioned in the shared user cache', async () => {
    const report = JSON.parse(
      (
        await succeeded(
          run('pnpm', ['exec', 'hubvino', 'provision', '--json'], { cwd: pnpmProject }),
          'pnpm exec hubvino provision',
        )
      ).stdout,
    );
    expect(report.base).toMatchObject({ path: provisionedVenv, reused: true });
    expect(existsSync(join(pnpmProject, '.toolchain'))).toBe(false);
  });

  it("type-check a TypeScript consumer (the runtime README's classify.ts and a converter pipeline) and run it", async () => {
    const runtimeReadme = readFileSync(join(pnpmProject, 'node_modules', '@hubvino', 'runtime', 'README.md'), 'utf8');
    const classifyTs = replaceExactly(
      readmeExamples(runtimeReadme).get('classify.ts') ?? '',
      "'grace_hopper.jpg'",
      JSON.stringify(sharedImage),
    );
    cpSync(typescriptConsumerFixture, pnpmProject, { recursive: true });
    writeFileSync(join(pnpmProject, 'classify.ts'), classifyTs);
    await succeeded(run('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json'], { cwd: pnpmProject }), 'tsc');
    // Compiled by tsc (`using` down-levelled for Node 20); run where the npm project published the model.
    const classified = await succeeded(
      run(process.execPath, [join(pnpmProject, 'dist', 'classify.js')], { cwd: npmProject }),
      'node dist/classify.js',
    );
    expect(classified.stdout.split('\n')[0]).toMatch(/^military uniform 0\.\d{3}$/);
  });
});
