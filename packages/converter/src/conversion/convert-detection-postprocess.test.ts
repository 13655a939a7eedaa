import { describe, expect, it } from 'vitest';
import { labelsFromMetadata } from '../task/metadata-labels.js';
import { hasShared, sharedModels } from '../test-support/workspace-paths.js';
import { readTfliteModel } from '../tflite/tflite-model.js';
import { detectionConversionArguments, usesDetectionPostprocess } from './convert-detection-postprocess.js';

// Expected: ../shared/PROVENANCE.md (the SSD detector ends in TFLite_Detection_PostProcess, which
// OpenVINO's frontend refuses by that name) and the files packed in the models (unzip -l).
describe.runIf(hasShared)('SSD detectors in ../shared', () => {
  it('tells the SSD detector (TFLite_Detection_PostProcess) from builtin-only models', async () => {
    expect(await usesDetectionPostprocess(sharedModels.ssd)).toBe(true);
    expect(await usesDetectionPostprocess(sharedModels.mobilenetV2Quant)).toBe(false);
    expect(await usesDetectionPostprocess(sharedModels.deeplab)).toBe(false);
  });

  it("takes the detector's labels from its classes output and DeepLab's from its class axis", async () => {
    const ssd = labelsFromMetadata(await readTfliteModel(sharedModels.ssd));
    const ssdLabels = ssd?.text.trim().split('\n') ?? [];
    // labelmap.txt: 90 COCO names with '???' for the unused ids; class 16 is cat, 17 dog.
    expect([ssd?.file, ssdLabels.length, ssdLabels[0], ssdLabels[16], ssdLabels[17]]).toEqual([
      'labelmap.txt',
      90,
      'person',
      'cat',
      'dog',
    ]);
    const deeplab = labelsFromMetadata(await readTfliteModel(sharedModels.deeplab));
    const deeplabLabels = deeplab?.text.trim().split('\n') ?? [];
    expect([deeplabLabels.length, deeplabLabels[0], deeplabLabels[15]]).toEqual([21, 'background', 'person']);
  });
});

describe('detectionConversionArguments', () => {
  it('records the script and machine-independent paths in portable form', () => {
    const request = {
      modelPath: '/x/ssd.tflite',
      outputDirectory: '/tmp/out',
      compressToFp16: false,
      input: undefined,
    };
    expect(detectionConversionArguments(request, true)).toEqual([
      'python/tflite_detection_postprocess.py',
      '<source>',
      '<output>/model.xml',
      '--compress-to-fp16',
      'False',
    ]);
    expect(detectionConversionArguments(request)[1]).toBe('/x/ssd.tflite');
  });
});
