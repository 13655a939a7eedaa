import { compileArtifact, type LoadArtifactOptions, type LoadedArtifact } from '../../artifact/load-artifact.js';
import type { OpenedArtifact } from '../../artifact/open-artifact.js';
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
