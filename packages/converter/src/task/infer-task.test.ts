import type { ManifestPort } from '@hubvino/runtime/artifact';
import { describe, expect, it } from 'vitest';
import { checkTaskFits, describeTask, inferTask, looksLikeProbabilities } from './infer-task.js';

const port = (name: string, shape: number[], elementType: ManifestPort['elementType'] = 'f32'): ManifestPort => ({
  name,
  names: [name],
  shape,
  elementType,
});

describe('task inference', () => {
  it('recognises a [*,1001] image classifier and TF Hub style-transfer parts', () => {
    expect(inferTask([port('in', [1, 224, 224, 3])], [port('out', [1, 1001])]).task).toBe('image-classification');
    expect(inferTask([port('style', [1, 256, 256, 3])], [port('b', [1, 1, 1, 100])])).toEqual({
      task: 'style-transfer',
      role: 'style-prediction',
    });
    expect(
      inferTask([port('content', [1, 384, 384, 3]), port('b', [1, 1, 1, 100])], [port('out', [1, 384, 384, 3])]),
    ).toEqual({ task: 'style-transfer', role: 'style-transfer' });
    expect(inferTask([port('in', [1, 192, 192, 3], 'u8')], [port('out', [1, 1, 17, 3])]).task).toBe('generic');
  });

  it('refuses --task style-transfer for a classifier, and image-classification for a style part, naming what fits', () => {
    const classifier = { inputs: [port('in', [1, 224, 224, 3])], outputs: [port('out', [1, 1001])] };
    expect(() => checkTaskFits('style-transfer', classifier.inputs, classifier.outputs)).toThrow(
      /'task' style-transfer does not fit this model.*looks like image-classification/,
    );
    expect(() =>
      describeTask('style-transfer', {
        format: 'tflite',
        ...classifier,
        dequantization: [undefined],
        firstOutputValues: undefined,
      }),
    ).toThrow(expect.objectContaining({ name: 'ArgumentError', argument: 'task' }));
    const prediction = { inputs: [port('style', [1, 256, 256, 3])], outputs: [port('b', [1, 1, 1, 100])] };
    expect(() => checkTaskFits('image-classification', prediction.inputs, prediction.outputs)).toThrow(
      /looks like style-transfer \(style-prediction\)/,
    );
    // What fits passes: a 10-class classifier may be named image-classification; generic fits anything.
    expect(() =>
      checkTaskFits('image-classification', [port('in', [1, 32, 32, 3])], [port('out', [1, 10])]),
    ).not.toThrow();
    expect(() => checkTaskFits('style-transfer', prediction.inputs, prediction.outputs)).not.toThrow();
    expect(() => checkTaskFits('generic', prediction.inputs, prediction.outputs)).not.toThrow();
  });

  it('uses TF Hub value ranges: [0,1] SavedModel, [-1,1] float TF Lite, uint8 quantized', () => {
    const evidence = {
      outputs: [port('out', [1, 1001])],
      dequantization: [undefined],
      firstOutputValues: undefined,
    };
    expect(
      describeTask(undefined, { ...evidence, format: 'saved-model', inputs: [port('in', [1, 224, 224, 3])] })
        .preprocessing?.valueRange,
    ).toBe('float-0-1');
    expect(
      describeTask(undefined, { ...evidence, format: 'tflite', inputs: [port('in', [1, 224, 224, 3])] }).preprocessing
        ?.valueRange,
    ).toBe('float-minus1-1');
    expect(
      describeTask(undefined, { ...evidence, format: 'tflite', inputs: [port('in', [1, 224, 224, 3], 'u8')] })
        .preprocessing?.valueRange,
    ).toBe('uint8');
  });

  it('sets label offset 1 for 1001 classes, softmax for logits, none for probabilities, and dequantization', () => {
    const logits = describeTask(
      undefined,
      {
        format: 'tflite',
        inputs: [port('in', [1, 224, 224, 3], 'u8')],
        outputs: [port('out', [1, 1001], 'u8')],
        dequantization: [{ scale: 0.1, zeroPoint: 58 }],
        firstOutputValues: new Float64Array(1001).fill(3),
      },
      'labels.txt',
    );
    expect(logits.postprocessing).toEqual({
      activation: 'softmax',
      labelsFile: 'labels.txt',
      labelOffset: 1,
      dequantization: { scale: 0.1, zeroPoint: 58 },
    });
    expect(looksLikeProbabilities(new Float64Array(1001).fill(1 / 1001), 1001)).toBe(true);
  });
});
