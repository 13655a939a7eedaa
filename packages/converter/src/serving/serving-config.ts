import { copyFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError, ArtifactNotFoundError, ToolchainError } from '@hubvino/runtime';
import {
  LABELS_FILE_NAME,
  listModelNames,
  listModelVersions,
  MANIFEST_FILE_NAME,
  type Manifest,
  MODEL_BIN_FILE_NAME,
  MODEL_XML_FILE_NAME,
  readManifest,
  verifyArtifactFiles,
  versionDirectory,
} from '@hubvino/runtime/artifact';
import { KSERVE_SERVER_SCRIPT } from '@hubvino/runtime/remote';
import { locateOpenVino, toolchainDirectory, venvNames } from '@hubvino/runtime/toolchain';
import { stringify } from 'yaml';
import { ConversionError } from '../errors/conversion-error.js';
import { runCaptured } from '../process/run-captured.js';

/** The marker that says a folder was written by serve-config (and may be replaced by it). */
export const SERVING_MARKER_FILE_NAME = 'hubvino-serving.json';
export const OVMS_CONFIG_FILE_NAME = 'config.json';
export const INFERENCE_SERVICE_FILE_NAME = 'inferenceservice.yaml';

/**
 * Tasks whose runtime side extends the model with the generic image pre-processing
 * (`prepareImageModel` from the manifest's `preprocessing`): their served IR gets the same steps.
 * A task with its own pre-processing (style transfer) is served as published.
 */
export const TASKS_WITH_IMAGE_PREPROCESSING: readonly Manifest['task'][] = ['image-classification'];

/** Which versions a server loads (OpenVINO Model Server's `model_version_policy`). */
export type VersionPolicy =
  | { all: Record<string, never> }
  | { latest: { num_versions: number } }
  | { specific: { versions: number[] } };

/** Options of {@link writeServingConfig}. */
export interface ServingConfigOptions {
  /** The serving folder to write (default `<repository>-serving` beside the repository). Replaced atomically. */
  output?: string;
  /** Which versions the server loads (default `{ all: {} }`: clients pin versions, and versions are immutable). */
  versionPolicy?: VersionPolicy;
  /** REST port in the printed commands (default 8000). */
  restPort?: number;
  /** gRPC port in the printed commands (default 9000). */
  grpcPort?: number;
  /** OVMS container image for the docker command and the ServingRuntime (default `openvino/model_server:latest`). */
  image?: string;
  /** Where the serving folder is uploaded, for the InferenceService (default `s3://<bucket>/<folder name>`, to edit). */
  storageUri?: string;
}

/** One served version. */
export interface ServedVersion {
  version: number;
  task: Manifest['task'];
  /** The manifest's `compile.config` (OpenVINO properties the runtime compiles with in-process). */
  compileConfig: Record<string, string | number | boolean>;
  /**
   * The image pre-processing saved into the served IR (the manifest's `preprocessing`), or null when
   * the IR is served as published (models that are not image classifiers).
   */
  bakedPreprocessing: Manifest['preprocessing'] | null;
  /** The served IR's input, as a server's model metadata will show it. */
  inputs: { name: string; elementType: string; shape: number[] }[];
}

/** What {@link writeServingConfig} wrote and the commands that serve it. */
export interface ServingConfig {
  repository: string;
  output: string;
  configFile: string;
  inferenceServiceFile: string;
  models: { name: string; basePath: string; versions: ServedVersion[] }[];
  /** `config.json`'s content. */
  config: { model_config_list: { config: Record<string, unknown> }[] };
  /** The OVMS command line (the `ovms` binary), and the same server in its container image. */
  ovmsCommand: string;
  dockerCommand: string;
  /** The kserve wheel's ModelServer on this folder (the serving toolchain; what hubvino's tests run). */
  kserveCommand: string;
  /** The KServe `ServingRuntime` + `InferenceService` manifests (YAML, two documents). */
  inferenceService: string;
}

/**
 * Writes a serving folder for OpenVINO Model Server / KServe from a model repository:
 * `<output>/config.json` (`model_config_list`, one entry per model, with the version policy),
 * `<output>/<name>/<version>/{model.xml, model.bin, hubvino.json, labels.txt}` and
 * `<output>/inferenceservice.yaml`. Image classifiers are served with their pre-processing saved
 * into the IR (u8 RGB NHWC images of any size in, the same steps the runtime adds in-process), so a
 * remote client sends the same pixels and gets the same scores; other models are copied as
 * published. Every version's files are checked against its manifest first. The folder is built
 * beside its final place and renamed into it; an earlier serve-config output is replaced, any other
 * existing folder is refused.
 * @throws ArtifactNotFoundError for an empty repository; ArtifactCorruptError for a damaged version;
 *   ConversionError `ERR_SERVING_OUTPUT_EXISTS` / `ERR_BAKE_FAILED`; ToolchainError without OpenVINO.
 */
export async function writeServingConfig(
  repository: string,
  options: ServingConfigOptions = {},
): Promise<ServingConfig> {
  const source = resolve(repository);
  const output = resolve(options.output ?? `${source}-serving`);
  const restPort = checkPort(options.restPort ?? 8000, 'restPort');
  const grpcPort = checkPort(options.grpcPort ?? 9000, 'grpcPort');
  const versionPolicy = options.versionPolicy ?? { all: {} };
  const image = options.image ?? 'openvino/model_server:latest';
  if (output === source || output.startsWith(`${source}/`)) {
    throw new ArgumentError(
      `'output' must be outside the repository ${source} (got ${output}); OVMS would read it as a model.`,
      { argument: 'output' },
    );
  }
  const names = await listModelNames(source);
  if (names.length === 0) {
    throw new ArtifactNotFoundError(
      `${source} holds no published model (expected <name>/<version>/model.xml); run 'pnpm convert' first.`,
    );
  }
  await refuseForeignOutput(output);
  await mkdir(dirname(output), { recursive: true });
  const staging = await mkdtemp(join(dirname(output), `.${basename(output)}.staging-`));
  try {
    const models: ServingConfig['models'] = [];
    for (const name of names) {
      const versions: ServedVersion[] = [];
      for (const version of await listModelVersions(source, name)) {
        versions.push(await serveVersion(source, staging, name, version));
      }
      models.push({ name, basePath: name, versions });
    }
    const config = {
      model_config_list: models.map((model) => ({
        config: {
          name: model.name,
          base_path: model.basePath,
          model_version_policy: versionPolicy,
          target_device: 'CPU',
          // The properties the runtime compiles with in-process (the newest version's manifest), so
          // the server computes what the runtime computes; THROUGHPUT unless the manifest says otherwise.
          plugin_config: { PERFORMANCE_HINT: 'THROUGHPUT', ...model.versions.at(-1)?.compileConfig },
        },
      })),
    };
    await writeFile(join(staging, OVMS_CONFIG_FILE_NAME), `${JSON.stringify(config, null, 2)}\n`);
    const storageUri = options.storageUri ?? `s3://<bucket>/${basename(output)}`;
    const inferenceService = inferenceServiceYaml(basename(output), storageUri, image, restPort, grpcPort);
    await writeFile(join(staging, INFERENCE_SERVICE_FILE_NAME), inferenceService);
    await writeFile(
      join(staging, SERVING_MARKER_FILE_NAME),
      `${JSON.stringify({ schema: 1, repository: source, versionPolicy, models, createdAt: new Date().toISOString() }, null, 2)}\n`,
    );
    await replaceFolder(staging, output);
    const configFile = join(output, OVMS_CONFIG_FILE_NAME);
    return {
      repository: source,
      output,
      configFile,
      inferenceServiceFile: join(output, INFERENCE_SERVICE_FILE_NAME),
      models,
      config,
      ovmsCommand: `ovms --config_path ${configFile} --port ${grpcPort} --rest_port ${restPort}`,
      dockerCommand: `docker run --rm -p ${restPort}:${restPort} -p ${grpcPort}:${grpcPort} -v ${output}:/models:ro ${image} --config_path /models/${OVMS_CONFIG_FILE_NAME} --port ${grpcPort} --rest_port ${restPort}`,
      kserveCommand: `${join(toolchainDirectory(), venvNames().serving, 'bin', 'python')} ${KSERVE_SERVER_SCRIPT} --hubvino_config ${configFile} --http_port ${restPort}`,
      inferenceService,
    };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function serveVersion(source: string, staging: string, name: string, version: number): Promise<ServedVersion> {
  const from = versionDirectory(source, name, version);
  const manifest = await readManifest(from);
  await verifyArtifactFiles(from, manifest);
  const to = join(staging, name, String(version));
  await mkdir(to, { recursive: true });
  await copyFile(join(from, MANIFEST_FILE_NAME), join(to, MANIFEST_FILE_NAME));
  if (await exists(join(from, LABELS_FILE_NAME)))
    await copyFile(join(from, LABELS_FILE_NAME), join(to, LABELS_FILE_NAME));
  if (TASKS_WITH_IMAGE_PREPROCESSING.includes(manifest.task) && manifest.preprocessing) {
    const input = await bakePreprocessing(
      join(from, MODEL_XML_FILE_NAME),
      join(to, MODEL_XML_FILE_NAME),
      manifest.preprocessing,
    );
    return {
      version,
      task: manifest.task,
      compileConfig: { ...(manifest.compile?.config ?? {}) },
      bakedPreprocessing: manifest.preprocessing,
      inputs: [input],
    };
  }
  await copyFile(join(from, MODEL_XML_FILE_NAME), join(to, MODEL_XML_FILE_NAME));
  await copyFile(join(from, MODEL_BIN_FILE_NAME), join(to, MODEL_BIN_FILE_NAME));
  return {
    version,
    task: manifest.task,
    compileConfig: { ...(manifest.compile?.config ?? {}) },
    bakedPreprocessing: null,
    inputs: manifest.inputs.map((port) => ({ name: port.name, elementType: port.elementType, shape: port.shape })),
  };
}

const bakeScript = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python', 'bake_serving_model.py');

/** Saves `preprocessing` into the IR with the toolchain's OpenVINO Python API (python/bake_serving_model.py). */
async function bakePreprocessing(
  xml: string,
  outputXml: string,
  preprocessing: NonNullable<Manifest['preprocessing']>,
): Promise<ServedVersion['inputs'][number]> {
  const python = locateOpenVino().python;
  if (!python) {
    throw new ToolchainError(
      `serve-config saves the pre-processing into the served IR with the provisioned OpenVINO's Python, which this OpenVINO (HUBVINO_OPENVINO_LIB_DIR) lacks; run 'pnpm install' to provision it.`,
      { code: 'ERR_OPENVINO_PYTHON_NOT_FOUND' },
    );
  }
  const { code, stdout, stderr } = await runCaptured(python, [
    bakeScript,
    xml,
    outputXml,
    JSON.stringify(preprocessing),
  ]);
  if (code !== 0) {
    throw new ConversionError(
      `Saving the pre-processing into the served IR of ${xml} failed:\n${stderr.trim().split('\n').slice(-8).join('\n')}`,
      {
        code: 'ERR_BAKE_FAILED',
        toolOutput: stderr,
      },
    );
  }
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

function inferenceServiceYaml(
  folderName: string,
  storageUri: string,
  image: string,
  restPort: number,
  grpcPort: number,
): string {
  const serviceName =
    folderName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'hubvino-models';
  const runtime = {
    apiVersion: 'serving.kserve.io/v1alpha1',
    kind: 'ServingRuntime',
    metadata: { name: 'hubvino-ovms' },
    spec: {
      supportedModelFormats: [{ name: 'openvino_ir', version: 'opset13', autoSelect: true }],
      protocolVersions: ['v2', 'grpc-v2'],
      multiModel: false,
      containers: [
        {
          name: 'kserve-container',
          image,
          args: [
            `--config_path=/mnt/models/${OVMS_CONFIG_FILE_NAME}`,
            `--port=${grpcPort}`,
            `--rest_port=${restPort}`,
            '--file_system_poll_wait_seconds=0',
          ],
          ports: [{ containerPort: restPort, protocol: 'TCP' }],
        },
      ],
    },
  };
  const service = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: serviceName },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'openvino_ir' },
          protocolVersion: 'v2',
          runtime: 'hubvino-ovms',
          storageUri,
        },
      },
    },
  };
  return `# Written by hubvino serve-config. Upload the serving folder to storageUri first.\n${stringify(runtime)}---\n${stringify(service)}`;
}

async function refuseForeignOutput(output: string): Promise<void> {
  if (!(await exists(output))) return;
  if (await exists(join(output, SERVING_MARKER_FILE_NAME))) return;
  throw new ConversionError(
    `${output} exists and was not written by serve-config (no ${SERVING_MARKER_FILE_NAME}); pass another --output or remove it.`,
    { code: 'ERR_SERVING_OUTPUT_EXISTS' },
  );
}

/** Moves `staging` to `target`, replacing an earlier serve-config output with two renames. */
async function replaceFolder(staging: string, target: string): Promise<void> {
  if (!(await exists(target))) {
    await rename(staging, target);
    return;
  }
  const old = `${staging}.old`;
  await rename(target, old);
  try {
    await rename(staging, target);
  } catch (error) {
    await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function checkPort(port: number, argument: string): number {
  if (!Number.isSafeInteger(port) || port < 1 || port > 65_535) {
    throw new ArgumentError(`'${argument}' must be a port number from 1 to 65535 (got ${String(port)})`, { argument });
  }
  return port;
}

/** Parses `all`, `latest` / `latest:N`, or `specific:1,2` into a {@link VersionPolicy}. */
export function parseVersionPolicy(text: string): VersionPolicy {
  if (text === 'all') return { all: {} };
  const latest = /^latest(?::([1-9][0-9]*))?$/.exec(text);
  if (latest) return { latest: { num_versions: Number(latest[1] ?? 1) } };
  const specific = /^specific:([1-9][0-9]*(?:,[1-9][0-9]*)*)$/.exec(text);
  if (specific) return { specific: { versions: (specific[1] as string).split(',').map(Number) } };
  throw new ArgumentError(`'--versions' must be all, latest, latest:N or specific:1,2 (got ${JSON.stringify(text)})`, {
    argument: 'versions',
  });
}
