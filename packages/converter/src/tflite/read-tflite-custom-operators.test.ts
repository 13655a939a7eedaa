import { describe, expect, it } from 'vitest';
import { hasShared, sharedModels } from '../test-support/workspace-paths.js';
import { DETECTION_POSTPROCESS_OP, readTfliteCustomOperators } from './read-tflite-custom-operators.js';

// Expected: the SSD detector's graph ends in TF Lite's custom post-processing op (../shared/PROVENANCE.md,
// and OpenVINO's frontend refuses it by that name); the classifiers use builtin ops only.
describe.runIf(hasShared)('readTfliteCustomOperators', () => {
  it('finds TFLite_Detection_PostProcess in the COCO SSD detector', async () => {
    expect(await readTfliteCustomOperators(sharedModels.ssd)).toEqual([DETECTION_POSTPROCESS_OP]);
  });

  it('finds no custom operator in a builtin-only classifier or DeepLab v3', async () => {
    expect(await readTfliteCustomOperators(sharedModels.mobilenetV2Quant)).toEqual([]);
    expect(await readTfliteCustomOperators(sharedModels.deeplabv3)).toEqual([]);
  });

  it('rejects a file that is not TF Lite with a SourceError naming it', async () => {
    const self = new URL(import.meta.url).pathname;
    await expect(readTfliteCustomOperators(self)).rejects.toThrow(/is not a readable TF Lite model/);
  });
});
