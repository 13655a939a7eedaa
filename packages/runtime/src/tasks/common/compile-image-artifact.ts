import { compileArtifact, type LoadArtifactOptions, type LoadedArtifact } from '../../artifact/load-artifact.js';
import type { Manifest } from '../../artifact/manifest.js';
import { type OpenedArtifact, openArtifact } from '../../artifact/open-artifact.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';
import { OwnedResources } from '../base/owned-resources.js';
import { checkTaskManifest, type TaskLoadOptions, type TaskManifestExpectation } from '../base/task-artifact.js';
import { type CheckedRunOptions, checkTaskRunOptions, type TaskRunOptions } from '../base/task-options.js';
import { type ImagePreprocessing, type PreparedImageInput, prepareImageModel } from './image-preprocessing.js';

/**
 * Compiles an image task's artifact with its preprocessing inside the model (`prepareImageModel`)
 * and returns the artifact with the prepared input. The caller owns the artifact (`resources.own`).
 */
export async function compileImageArtifact(
  opened: OpenedArtifact,
  preprocessing: ImagePreprocessing,
  options: Omit<LoadArtifactOptions, 'version' | 'prepareModel'>,
): Promise<{ artifact: LoadedArtifact; input: PreparedImageInput }> {
  let input: PreparedImageInput | undefined;
  const artifact = await compileArtifact(opened, {
    ...options,
    prepareModel: (model) => {
      const prepared = prepareImageModel(model, preprocessing);
      input = prepared.input;
      return prepared.model;
    },
  });
  return { artifact, input: input as PreparedImageInput };
}

type PostprocessingSections = NonNullable<Manifest['postprocessing']>;

/** What {@link loadImageTask} checks and how it prepares the model. */
export interface ImageTaskSpec<Section extends keyof PostprocessingSections | undefined>
  extends Omit<TaskManifestExpectation, 'requires' | 'argument' | 'role'> {
  /** The `postprocessing` section the task needs (`detection`, `segmentation`), if any. */
  section: Section;
  /** Changes to the manifest's preprocessing (e.g. MoveNet's letterbox resize). */
  preprocessing?: Partial<ImagePreprocessing>;
}

/** What {@link loadImageTask} hands the task's constructor. */
export interface LoadedImageTask<Section> {
  resources: OwnedResources;
  /** The compiled artifact, owned by `resources`. */
  artifact: LoadedArtifact;
  input: PreparedImageInput;
  manifest: Manifest;
  manifestFile: string;
  /** The checked `postprocessing` section (undefined when the spec names none). */
  section: Section;
  run: CheckedRunOptions;
}

/**
 * The `load()` of every image task with its preprocessing inside the model: checks the run options,
 * opens the artifact, checks its task and sections, compiles it with the preprocessing over the
 * caller's Core (or a new one) and hands everything to `build`. When anything throws, every native
 * object acquired so far is freed.
 * @throws ArgumentError for bad options or an artifact of another task; ArtifactCorruptError when a
 *   section the task needs is missing; as `openArtifact` / `compileArtifact`.
 */
export async function loadImageTask<Task, Section extends keyof PostprocessingSections | undefined>(
  repository: string,
  name: string,
  options: TaskLoadOptions & TaskRunOptions,
  spec: ImageTaskSpec<Section>,
  build: (
    loaded: LoadedImageTask<
      Section extends keyof PostprocessingSections ? NonNullable<PostprocessingSections[Section]> : undefined
    >,
  ) => Task,
): Promise<Task> {
  const run = checkTaskRunOptions(options);
  const opened = await openArtifact(repository, name, options.version);
  checkTaskManifest(opened, {
    task: spec.task,
    describedAs: spec.describedAs,
    requires: spec.section === undefined ? ['preprocessing'] : ['preprocessing', 'postprocessing'],
  });
  const { manifest, manifestFile } = opened;
  const section = spec.section === undefined ? undefined : manifest.postprocessing?.[spec.section];
  if (spec.section !== undefined && section === undefined) {
    throw new ArtifactCorruptError(
      `${manifestFile} has no postprocessing.${spec.section} section, which ${spec.describedAs} needs; re-publish the artifact.`,
      { file: manifestFile },
    );
  }
  const preprocessing = { ...(manifest.preprocessing as ImagePreprocessing), ...spec.preprocessing };
  return OwnedResources.use(options.core, async (resources) => {
    const { version: _version, ...loadOptions } = options;
    const compiled = await compileImageArtifact(opened, preprocessing, { ...loadOptions, core: resources.core });
    const artifact = resources.own(compiled.artifact);
    return build({
      resources,
      artifact,
      input: compiled.input,
      manifest,
      manifestFile,
      section: section as never,
      run,
    });
  });
}
