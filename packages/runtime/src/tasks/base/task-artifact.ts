import type { LoadArtifactOptions } from '../../artifact/load-artifact.js';
import type { ModelTask } from '../../artifact/manifest.js';
import type { OpenedArtifact } from '../../artifact/open-artifact.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';

/** Options of `load()` every artifact-backed task accepts (the task's own come on top). */
export type TaskLoadOptions = Omit<LoadArtifactOptions, 'prepareModel'>;

/** What {@link checkTaskManifest} checks. */
export interface TaskManifestExpectation {
  /** The manifest `task` the artifact must have. */
  task: ModelTask;
  /** How the task is named in messages: `an image classifier`, `a style-transfer part`. */
  describedAs: string;
  /** The `role` the artifact must have when its manifest sets one (multi-part tasks). */
  role?: string;
  /** The argument that named the artifact (default `name`). */
  argument?: string;
  /** Manifest sections the task needs (e.g. `preprocessing`). */
  requires?: readonly ('preprocessing' | 'postprocessing')[];
}

/**
 * Checks an opened artifact's manifest for a task: its `task`, its `role` (when both are set) and
 * the sections the task needs.
 * @throws ArgumentError naming `argument` when the artifact is another task or another part;
 *   ArtifactCorruptError naming the manifest when a required section is missing.
 */
export function checkTaskManifest(opened: OpenedArtifact, expected: TaskManifestExpectation): void {
  const { manifest, manifestFile, name, version } = opened;
  const argument = expected.argument ?? 'name';
  if (manifest.task !== expected.task) {
    throw new ArgumentError(
      `'${name}' version ${version} is a ${manifest.task} model, not ${expected.describedAs} (task in ${manifestFile}).`,
      { argument },
    );
  }
  if (expected.role !== undefined && manifest.role !== undefined && manifest.role !== expected.role) {
    throw new ArgumentError(
      `'${name}' version ${version} is the ${manifest.role} part, but it was given as the ${expected.role} part (role in ${manifestFile}).`,
      { argument },
    );
  }
  for (const section of expected.requires ?? []) {
    if (manifest[section] === undefined) {
      throw new ArtifactCorruptError(
        `${manifestFile} has no ${section} section, which ${expected.describedAs} needs; re-publish the artifact.`,
        { file: manifestFile },
      );
    }
  }
}
