import type { ManifestPort } from '@hubvino/runtime/artifact';
import { describe, expect, it } from 'vitest';
import { describeTask, detectionOutputs, inferTask } from './infer-task.js';

const port = (name: string, shape: number[], elementType: ManifestPort['elementType'] = 'f32'): ManifestPort => ({
  name,
  names: [name],
  shape,
  elementType,
});

// Ports as OpenVINO reports them for the ../shared models (COCO SSD after the converter rebuilds its
// post-processing op; DeepLab v3 straight from ovc) and for MoveNet, which must stay generic.
const ssdInput = port('normalized_input_image_tensor', [1, 300, 300, 3], 'u8');
const ssdOutputs = [
  port('TFLite_Detection_PostProcess', [1, 10, 4]),
  port('TFLite_Detection_PostProcess:1', [1, 10]),
  port('TFLite_Detection_PostProcess:2', [1, 10]),
  port('TFLite_Detection_PostProcess:3', [1]),
];
const detectionOptions = {
  max_detections: 10,
  max_classes_per_detection: 1,
  detections_per_class: 100,
  use_regular_nms: false,
  nms_score_threshold: 1e-8,
  nms_iou_threshold: 0.6,
  num_classes: 90,
  y_scale: 10,
  x_scale: 10,
  h_scale: 5,
  w_scale: 5,
  label_offset: 1,
};

describe('object-detection and image-segmentation inference', () => {
  it('recognises the SSD post-processing outputs and describes them for the runtime', () => {
    expect(inferTask([ssdInput], ssdOutputs).task).toBe('object-detection');
    expect(detectionOutputs(ssdOutputs)).toEqual({
      boxes: 'TFLite_Detection_PostProcess',
      classes: 'TFLite_Detection_PostProcess:1',
      scores: 'TFLite_Detection_PostProcess:2',
      count: 'TFLite_Detection_PostProcess:3',
    });
    const description = describeTask(
      undefined,
      {
        format: 'tflite',
        inputs: [ssdInput],
        outputs: ssdOutputs,
        dequantization: [],
        firstOutputValues: undefined,
        detection: detectionOptions,
      },
      'labels.txt',
    );
    expect(description.preprocessing).toMatchObject({ inputSize: { height: 300, width: 300 }, valueRange: 'uint8' });
    expect(description.postprocessing).toMatchObject({
      labelsFile: 'labels.txt',
      detection: { nms: 'fast', maxDetections: 10, boxFormat: 'yxyx-normalized' },
    });
  });

  it('does not take four outputs of other shapes for detections', () => {
    expect(detectionOutputs([...ssdOutputs.slice(0, 3), port('count', [1, 2])])).toBeUndefined();
    expect(detectionOutputs(ssdOutputs.slice(0, 3))).toBeUndefined();
  });

  it('recognises DeepLab v3’s per-pixel class scores, with f32 inference and [-1, 1] input', () => {
    const input = port('sub_7', [1, 257, 257, 3]);
    const output = port('ResizeBilinear_3', [1, 257, 257, 21]);
    expect(inferTask([input], [output]).task).toBe('image-segmentation');
    const description = describeTask(undefined, {
      format: 'tflite',
      inputs: [input],
      outputs: [output],
      dequantization: [undefined],
      firstOutputValues: undefined,
      inputNormalization: { mean: [127.5], std: [127.5] },
    });
    expect(description.preprocessing?.valueRange).toBe('float-minus1-1');
    expect(description.postprocessing?.segmentation).toEqual({ output: 'ResizeBilinear_3', classes: 21 });
    expect(description.compileConfig).toEqual({ INFERENCE_PRECISION_HINT: 'f32' });
  });

  it('keeps MoveNet ([1, 1, 17, 3] keypoints) and an image-to-image model out of segmentation', () => {
    expect(inferTask([port('in', [1, 192, 192, 3], 'u8')], [port('out', [1, 1, 17, 3])]).task).toBe('pose-estimation');
    expect(inferTask([port('in', [1, 256, 256, 3])], [port('out', [1, 256, 256, 3])]).task).not.toBe(
      'image-segmentation',
    );
  });
});
