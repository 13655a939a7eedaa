import { z } from 'zod';
import { elementTypes } from '../element-type.js';

/**
 * The artifact manifest (`hubvino.json`) written by `@hubvino/converter` beside `model.xml` and
 * `model.bin` in `<repository>/<name>/<version>/`, and read by `@hubvino/runtime`. This module is
 * the one schema both packages use.
 */
export const MANIFEST_FILE_NAME = 'hubvino.json';
/** The IR file names inside a version folder (OpenVINO Model Server needs exactly one of each). */
export const MODEL_XML_FILE_NAME = 'model.xml';
export const MODEL_BIN_FILE_NAME = 'model.bin';
export const LABELS_FILE_NAME = 'labels.txt';
/** Current manifest schema version. Readers accept this one; bump it on incompatible changes. */
export const MANIFEST_SCHEMA_VERSION = 1;

/** OpenVINO element types, spelled as OpenVINO prints them (the runtime's one list, {@link elementTypes}). */
export const elementTypeSchema = z.enum(elementTypes);
export type ElementTypeName = z.infer<typeof elementTypeSchema>;

/** A port (input or output) of the model: `-1` in `shape` marks a dynamic dimension. */
export const portSchema = z.object({
  name: z.string(),
  /** All names OpenVINO knows the tensor by. */
  names: z.array(z.string()).default([]),
  shape: z.array(z.number().int()),
  elementType: elementTypeSchema,
  /** e.g. `NHWC`, when known. */
  layout: z.string().optional(),
});
export type ManifestPort = z.infer<typeof portSchema>;

export const taskSchema = z.enum([
  'image-classification',
  'style-transfer',
  'object-detection',
  'image-segmentation',
  'pose-estimation',
  'audio-classification',
  'generic',
]);
export type ModelTask = z.infer<typeof taskSchema>;

export const sourceFormatSchema = z.enum(['saved-model', 'tflite', 'frozen-pb', 'onnx', 'openvino-ir']);
export type SourceFormat = z.infer<typeof sourceFormatSchema>;

export const fileEntrySchema = z.object({
  /** File name relative to the version folder. */
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof fileEntrySchema>;

export const preprocessingSchema = z.object({
  /** Input height and width the model expects. */
  inputSize: z.object({ height: z.number().int().positive(), width: z.number().int().positive() }),
  /** How images are brought to `inputSize`. */
  resizeMode: z.enum(['stretch', 'center-crop', 'letterbox']).default('stretch'),
  /** `float-0-1` (TF Hub SavedModels), `float-minus1-1` (TF Lite float classifiers), `uint8` (quantized). */
  valueRange: z.enum(['float-0-1', 'float-minus1-1', 'uint8']),
  colorOrder: z.enum(['RGB', 'BGR']).default('RGB'),
  layout: z.enum(['NHWC', 'NCHW']).default('NHWC'),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

export const postprocessingSchema = z.object({
  /** What turns outputs into probabilities: `softmax` for logits, `none` when already probabilities. */
  activation: z.enum(['softmax', 'sigmoid', 'none']),
  /** Labels file in the version folder, when the model has labels. */
  labelsFile: z.string().optional(),
  /** Index of the first real class in the output (1 when index 0 is TF Hub's "background"). */
  labelOffset: z.number().int().nonnegative().default(0),
  /** For quantized outputs: real = scale * (q - zeroPoint). */
  dequantization: z.object({ scale: z.number(), zeroPoint: z.number() }).optional(),
  /** Object detection: which outputs hold what, and how the model chose its detections. */
  detection: z
    .object({
      /** Output names of TF Lite's post-processing op: boxes [1, D, 4], classes [1, D], scores [1, D], count [1]. */
      outputs: z.object({ boxes: z.string(), classes: z.string(), scores: z.string(), count: z.string() }),
      /** Boxes are `[ymin, xmin, ymax, xmax]` relative to the model input (0..1). */
      boxFormat: z.literal('yxyx-normalized'),
      /** `fast` (class-agnostic) or `regular` (per-class) non-max suppression. */
      nms: z.enum(['fast', 'regular']),
      maxDetections: z.number().int().positive(),
      iouThreshold: z.number(),
      scoreThreshold: z.number(),
    })
    .optional(),
  /** Image segmentation: the output holding per-pixel class scores [1, H, W, classes]. */
  segmentation: z.object({ output: z.string(), classes: z.number().int().positive() }).optional(),
});
export type Postprocessing = z.infer<typeof postprocessingSchema>;

/** How an audio model takes sound: mono samples at `sampleRate`, cut into windows (audio-classification). */
export const audioInputSchema = z.object({
  /** Samples per second the model expects (YAMNet: 16000). */
  sampleRate: z.number().int().positive(),
  /** Samples per window, the model's input length (YAMNet: 15600 = 0.975 s). */
  windowSamples: z.number().int().positive(),
  /** Samples between window starts (YAMNet: 7680 = 0.48 s, its patch hop). */
  hopSamples: z.number().int().positive(),
});
export type AudioInputDescription = z.infer<typeof audioInputSchema>;

/** One measured comparison: metric name → value, and the limits it was judged by. */
export const metricsSchema = z.record(z.string(), z.number());

/** The CPU a validation ran on (see the runtime's `readCpuFeatures`). */
export const cpuRecordSchema = z.object({
  /** Model name, e.g. `Intel(R) Xeon(R) Processor`. */
  model: z.string(),
  isa: z.object({ avx2: z.boolean(), avx512: z.boolean(), vnni: z.boolean(), amx: z.boolean(), bf16: z.boolean() }),
  /** `ONEDNN_MAX_CPU_ISA` in force, when set. */
  isaLimit: z.string().optional(),
  /** Whether 8-bit dot products are exact (VNNI / AMX) or saturate (AVX2 / AVX-512 without VNNI). */
  int8: z.enum(['exact', 'saturating']),
});
export type CpuRecord = z.infer<typeof cpuRecordSchema>;

/** A precision path of a quantized model, measured at conversion (see the runtime's `chooseCpuPrecision`). */
export const precisionPathSchema = z.object({
  /** The CPU class the path stands for. */
  cpuClass: z.enum(['int8-exact', 'int8-saturating']),
  /** OpenVINO's low-precision (u8/i8) transformations: `on` (plugin default) or `off` (`LP_TRANSFORMS_MODE: NO`). */
  lowPrecision: z.enum(['on', 'off']),
  /** Compile properties of the run. */
  config: z.record(z.string(), z.string()),
  /** How the CPU class was obtained: `native`, or e.g. `ONEDNN_MAX_CPU_ISA=AVX2` (emulated in a child process). */
  measuredOn: z.string(),
  metrics: metricsSchema,
  passed: z.boolean(),
});
export type PrecisionPath = z.infer<typeof precisionPathSchema>;

export const validationSchema = z.object({
  /** What the IR was compared with. */
  references: z.array(
    z.object({
      /** e.g. `litert` (TF Lite's interpreter), `tensorflow`, `openvino-frontend`. */
      kind: z.string(),
      /** Tool and version, e.g. `LiteRT 2.3.0 interpreter (ai-edge-litert)`. */
      description: z.string(),
      maxAbsDiff: z.number().nonnegative(),
      top1Agreement: z.number().min(0).max(1).optional(),
      /** The `maxAbsDiff` limit, when one was set (by default the task metrics decide). */
      threshold: z.number().nonnegative().optional(),
      passed: z.boolean(),
      /** Task-aware metrics (e.g. `top5Agreement`, `pixelClassMismatch`, `relativeL2`). */
      metrics: metricsSchema.optional(),
      /** The limits the metrics were judged by (same names). */
      limits: metricsSchema.optional(),
    }),
  ),
  /** Seed of the pseudo-random input used. */
  inputSeed: z.number().int(),
  /** The CPU the IR ran on. */
  cpu: cpuRecordSchema.optional(),
  /** The compile settings the IR ran with: those the runtime loads it with on that CPU. */
  compile: z.object({ device: z.string(), config: z.record(z.string(), z.string()) }).optional(),
  /** Quantized models: each precision path, so the runtime can pick an accurate one per CPU class. */
  precisionPaths: z.array(precisionPathSchema).optional(),
});
export type ValidationRecord = z.infer<typeof validationSchema>;

/** Agreement of a model's classes with the float source's on held-apart images. */
export const classAgreementSchema = z.object({
  samples: z.number().int().nonnegative(),
  top1Agreement: z.number().min(0).max(1),
  top5Agreement: z.number().min(0).max(1),
});

/** A set of images used by quantization: where from, how many, and the digest of their contents. */
export const imageSetSchema = z.object({
  /** The folder the images came from. */
  folder: z.string(),
  images: z.number().int().nonnegative(),
  /** Model inputs made from them (whole images, then seeded crops when there are fewer images than samples). */
  samples: z.number().int().nonnegative(),
  crops: z.number().int().nonnegative(),
  /** sha256 over the sorted sha256s of the image files (one per line). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Post-training quantization of the IR (`hubvino-convert --quantize int8`, NNCF). */
export const quantizationSchema = z.object({
  tool: z.literal('nncf'),
  nncfVersion: z.string(),
  precision: z.literal('int8'),
  preset: z.enum(['performance', 'mixed']),
  /** NNCF's bias correction: `full` (`fast_bias_correction=False`) or `fast`. */
  biasCorrection: z.enum(['full', 'fast']).optional(),
  /** NNCF's OverflowFix as applied: `enable` (7-bit weights everywhere), `first_layer_only`, `disable`. */
  overflowFix: z.enum(['enable', 'first_layer_only', 'disable']),
  /** Why that overflow fix (the option, or the converting CPU's VNNI under `auto`). */
  overflowFixReason: z.string(),
  durationMs: z.number().nonnegative(),
  /** FakeQuantize operations NNCF inserted. */
  fakeQuantizeCount: z.number().int().nonnegative(),
  calibration: imageSetSchema,
  /** Images never used for calibration, the quantized IR was validated on. */
  heldApart: imageSetSchema,
  /** What the classes were compared with, e.g. `LiteRT 2.3.0 interpreter (ai-edge-litert)`. */
  reference: z.string(),
  /** The float IR (before quantization) vs the float source. */
  float: classAgreementSchema,
  /** The INT8 IR vs the float source, as the runtime runs it on the converting CPU. */
  int8: classAgreementSchema,
  /**
   * The same on the samples where the float source is confident (top-1 probability >= `threshold`):
   * what quantization does where the float model itself has decided. Informational; the refusal uses all samples.
   */
  confident: z
    .object({
      threshold: z.number(),
      samples: z.number().int().nonnegative(),
      floatTop1Agreement: z.number().min(0).max(1),
      int8Top1Agreement: z.number().min(0).max(1),
    })
    .optional(),
  /** Top-1 agreement lost by quantizing, in percentage points (float IR's minus INT8 IR's). */
  top1AgreementLossPoints: z.number().nonnegative(),
  /** The refusal threshold it was judged by. */
  maxAgreementLossPoints: z.number().nonnegative(),
  /**
   * NNCF's accuracy-aware quantization, when it was asked for: operations it put back to float to stay
   * within `maxAgreementLossPoints` on `samples` samples cropped from the calibration images (the
   * held-apart images judged the result above).
   */
  accuracyControl: z
    .object({
      samples: z.number().int().positive(),
      /** Operations NNCF quantized before restoring any (when its log said so). */
      quantizedOperations: z.number().int().nonnegative().optional(),
      /** The operations kept in float, in the order NNCF reverted them. */
      revertedOperations: z.array(z.string()),
    })
    .optional(),
});
export type QuantizationRecord = z.infer<typeof quantizationSchema>;

/**
 * A one-piece style-transfer model (TF Hub's `magenta/arbitrary-image-stylization-v1-256/2`
 * SavedModel: content image + style image -> stylized image): which input is which, and the size the
 * style image is resized to (the content input keeps its height and width dynamic).
 */
export const stylizationSchema = z.object({
  contentInput: z.string(),
  styleInput: z.string(),
  styleSize: z.object({ height: z.number().int().positive(), width: z.number().int().positive() }),
});
export type Stylization = z.infer<typeof stylizationSchema>;

export const manifestSchema = z.object({
  schema: z.literal(MANIFEST_SCHEMA_VERSION),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  version: z.number().int().positive(),
  task: taskSchema,
  /** Role of this model in a multi-part task, e.g. `style-prediction` / `style-transfer`. */
  role: z.string().optional(),
  /** Other artifacts that belong with this one (e.g. the other half of style transfer). */
  companions: z
    .array(z.object({ role: z.string(), name: z.string(), version: z.number().int().positive() }))
    .optional(),
  source: z.object({
    /** The handle or path as the user gave it. */
    handle: z.string(),
    /** Where it was actually fetched from, after redirects (for remote sources). */
    resolvedUrl: z.string().optional(),
    format: sourceFormatSchema,
    /** sha256 of what was fetched (the archive or file); for folders, of a sorted file listing. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  conversion: z.object({
    tool: z.string(),
    openvinoVersion: z.string(),
    arguments: z.array(z.string()),
    compressToFp16: z.boolean(),
    durationMs: z.number().nonnegative(),
    /** The source holds quantized (u8/i8) tensors, so the IR has low-precision operations. */
    quantized: z.boolean().optional(),
  }),
  files: z.array(fileEntrySchema),
  inputs: z.array(portSchema),
  outputs: z.array(portSchema),
  preprocessing: preprocessingSchema.optional(),
  /** One-piece style transfer (role `one-piece`): content and style inputs. */
  stylization: stylizationSchema.optional(),
  postprocessing: postprocessingSchema.optional(),
  /** Audio models: sample rate and windowing. */
  audio: audioInputSchema.optional(),
  validation: validationSchema.optional(),
  /** INT8 post-training quantization (NNCF), when the IR was quantized by hubvino. */
  quantization: quantizationSchema.optional(),
  /** Settings the runtime compiles with unless the caller overrides them. */
  compile: z
    .object({
      device: z.string().default('CPU'),
      config: z.record(z.string(), z.string()).default({}),
      /** Low-precision kernels on CPU (see the runtime's `chooseCpuPrecision`); absent means `auto`. */
      lowPrecision: z.enum(['auto', 'on', 'off']).optional(),
    })
    .optional(),
  createdAt: z.string(),
});

/** The parsed content of `hubvino.json`. */
export type Manifest = z.infer<typeof manifestSchema>;
/** What a writer passes in (defaults not yet applied). */
export type ManifestInput = z.input<typeof manifestSchema>;
