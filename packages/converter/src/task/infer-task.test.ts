import type { ManifestPort } from '@hubvino/runtime/artifact';
import { describe, expect, it } from 'vitest';
import {
  checkTaskFits,
  describeAudio,
  describeTask,
  inferTask,
  looksLikeProbabilities,
  onePieceStyleInputs,
} from './infer-task.js';
import { onePieceValidationShapes, planOnePieceShapes, stylizationOf } from './style-one-piece-shapes.js';

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
  });

  it("recognises TF Hub's one-piece Magenta SavedModel (placeholder, placeholder_1 -> output_0) by its names, in either order", () => {
    const content = port('placeholder', [-1, -1, -1, 3]);
    const style = port('placeholder_1', [-1, -1, -1, 3]);
    const output = port('output_0', [-1, -1, -1, 3]);
    expect(inferTask([content, style], [output])).toEqual({ task: 'style-transfer', role: 'one-piece' });
    expect(onePieceStyleInputs([style, content], [output])).toEqual({ content, style });
    // Other names: content first.
    const a = port('a', [1, -1, -1, 3]);
    const b = port('b', [1, 256, 256, 3]);
    expect(onePieceStyleInputs([a, b], [output])).toEqual({ content: a, style: b });
    // Not an image output (a classifier with two image inputs) is not style transfer.
    expect(onePieceStyleInputs([a, b], [port('scores', [1, 1001])])).toBeUndefined();
  });

  it('plans the one-piece shapes: content [1,?,?,3] for ovc and 240x320 for validation, style 256x256', () => {
    const content = port('placeholder', [-1, -1, -1, 3]);
    const style = port('placeholder_1', [-1, -1, -1, 3]);
    const plan = planOnePieceShapes([content, style], { content, style });
    expect(plan).toEqual({
      shapes: [
        [1, -1, -1, 3],
        [1, 256, 256, 3],
      ],
      ovcInput: 'placeholder[1,?,?,3],placeholder_1[1,256,256,3]',
    });
    expect(onePieceValidationShapes(plan.shapes)).toEqual([
      [1, 240, 320, 3],
      [1, 256, 256, 3],
    ]);
    expect(stylizationOf({ content, style: port('placeholder_1', [1, 256, 256, 3]) })).toEqual({
      contentInput: 'placeholder',
      styleInput: 'placeholder_1',
      styleSize: { height: 256, width: 256 },
    });
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

  it('recognises MoveNet ([1,1,17,3] keypoints from an image) as pose estimation with square padding', () => {
    const inputs = [port('serving_default_input:0', [1, 192, 192, 3], 'u8')];
    const outputs = [port('StatefulPartitionedCall:0', [1, 1, 17, 3])];
    expect(inferTask(inputs, outputs).task).toBe('pose-estimation');
    const description = describeTask(undefined, {
      format: 'tflite',
      inputs,
      outputs,
      dequantization: [undefined],
      firstOutputValues: undefined,
    });
    expect(description.preprocessing).toMatchObject({
      inputSize: { height: 192, width: 192 },
      resizeMode: 'letterbox',
      valueRange: 'uint8',
    });
    expect(description.audio).toBeUndefined();
    // 16 keypoints or 2 values per keypoint is not MoveNet.
    expect(inferTask(inputs, [port('out', [1, 1, 16, 3])]).task).toBe('generic');
    expect(inferTask(inputs, [port('out', [1, 1, 17, 2])]).task).toBe('generic');
  });

  it('recognises a waveform classifier from TF Lite audio metadata, and YAMNet by its ports, with its 0.48 s hop', () => {
    const yamnetInputs = [port('waveform_binary', [15600])];
    const yamnetOutputs = [port('scores', [1, 521])];
    expect(inferTask(yamnetInputs, yamnetOutputs).task).toBe('audio-classification');
    expect(describeAudio(yamnetInputs, yamnetOutputs, undefined)).toEqual({
      sampleRate: 16000,
      windowSamples: 15600,
      hopSamples: 7680,
    });
    // Another waveform model is audio only when its metadata says so; then windows do not overlap.
    const other = [port('audio', [1, 44100])];
    const scores = [port('scores', [1, 10])];
    expect(inferTask(other, scores).task).toBe('generic');
    expect(describeAudio(other, scores, { sampleRate: 44100, channels: 1 })).toEqual({
      sampleRate: 44100,
      windowSamples: 44100,
      hopSamples: 44100,
    });
    const description = describeTask(
      undefined,
      {
        format: 'tflite',
        inputs: yamnetInputs,
        outputs: yamnetOutputs,
        dequantization: [undefined],
        firstOutputValues: new Float64Array(521).fill(0.5),
        firstOutputProducer: 'LOGISTIC',
      },
      'labels.txt',
    );
    expect(description.task).toBe('audio-classification');
    expect(description.postprocessing).toEqual({ activation: 'none', labelsFile: 'labels.txt', labelOffset: 0 });
    expect(description.preprocessing).toBeUndefined();
    // Logits (no Logistic at the end, values outside [0, 1]) get a sigmoid: the classes are not exclusive.
    const logits = describeTask(undefined, {
      format: 'tflite',
      inputs: yamnetInputs,
      outputs: yamnetOutputs,
      dequantization: [undefined],
      firstOutputValues: new Float64Array(521).fill(-3),
      firstOutputProducer: 'FULLY_CONNECTED',
    });
    expect(logits.postprocessing?.activation).toBe('sigmoid');
  });
});
