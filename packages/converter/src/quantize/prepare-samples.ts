import { ArgumentError, type Core, type DecodedImage, decodeImage, HubvinoError, Tensor } from '@hubvino/runtime';
import type { Preprocessing } from '@hubvino/runtime/artifact';
import { fitAspectRatio, prepareImageModel } from '@hubvino/runtime/task-support';
import { seededRandom } from '../validation/seeded-random.js';
import type { CalibrationImage } from './calibration-images.js';

/** Prepared model inputs, one after the other (`count` tensors of `shape`, f32). */
export interface PreparedSamples {
  count: number;
  /** The model input's shape (batch 1). */
  shape: number[];
  data: Float32Array;
  /** How many samples are crops (the others are whole images). */
  crops: number;
}

/** The smallest crop side as a share of the image's side. */
const MIN_CROP_SHARE = 0.4;
/** Decoded images are kept for cropping; larger ones are shrunk while decoding. */
const MAX_DECODED_PIXELS = 4_000_000;

/** A model with one f32 input of `shape` that returns it unchanged: carries the runtime's image preprocessing. */
function identityIr(shape: readonly number[]): string {
  const dims = shape.map((dimension) => `<dim>${dimension}</dim>`).join('');
  return `<?xml version="1.0"?>
<net name="hubvino-preprocessing" version="11">
  <layers>
    <layer id="0" name="input" type="Parameter" version="opset1">
      <data shape="${shape.join(',')}" element_type="f32"/>
      <output><port id="0" precision="FP32" names="input">${dims}</port></output>
    </layer>
    <layer id="1" name="output" type="Result" version="opset1">
      <input><port id="0" precision="FP32">${dims}</port></input>
    </layer>
  </layers>
  <edges><edge from-layer="0" from-port="0" to-layer="1" to-port="0"/></edges>
</net>`;
}

function crop(image: DecodedImage, random: () => number): DecodedImage {
  const width = Math.max(1, Math.round(image.width * (MIN_CROP_SHARE + (1 - MIN_CROP_SHARE) * random())));
  const height = Math.max(1, Math.round(image.height * (MIN_CROP_SHARE + (1 - MIN_CROP_SHARE) * random())));
  const left = Math.floor(random() * (image.width - width + 1));
  const top = Math.floor(random() * (image.height - height + 1));
  const flip = random() < 0.5;
  const data = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row += 1) {
    const source = ((top + row) * image.width + left) * 3;
    if (!flip) {
      data.set(image.data.subarray(source, source + width * 3), row * width * 3);
      continue;
    }
    for (let column = 0; column < width; column += 1) {
      const from = source + (width - 1 - column) * 3;
      const to = (row * width + column) * 3;
      data[to] = image.data[from] as number;
      data[to + 1] = image.data[from + 1] as number;
      data[to + 2] = image.data[from + 2] as number;
    }
  }
  return { data, width, height, channels: 3 };
}

/**
 * Turns image files into `count` model inputs with the artifact's own preprocessing: the runtime's
 * decoder (`decodeImage`), its aspect-ratio step (`fitAspectRatio`) and its in-model resize and
 * value range (`prepareImageModel` on an identity model, compiled in f32), so the samples are
 * exactly what `ImageClassifier` feeds the IR. With at least `count` images each sample is a whole
 * image; with fewer, the first pass takes the whole images and later samples are seeded random crops
 * (40–100 % of each side) with random horizontal flips.
 * @throws ArgumentError naming `argument` and the file when an image cannot be decoded.
 */
export async function prepareSamples(
  core: Core,
  images: readonly CalibrationImage[],
  options: { count: number; seed: number; shape: readonly number[]; preprocessing: Preprocessing; argument: string },
): Promise<PreparedSamples> {
  const decoded: DecodedImage[] = [];
  for (const image of images.slice(0, options.count)) {
    try {
      decoded.push(await decodeImage(image.path, { maxDecodedPixels: MAX_DECODED_PIXELS }));
    } catch (error) {
      if (!HubvinoError.isInstance(error)) throw error;
      throw new ArgumentError(
        `'${options.argument}' holds ${image.path}, which cannot be decoded as an image: ${error.message}`,
        { argument: options.argument, cause: error },
      );
    }
  }
  const identity = core.readModelFromBuffer(identityIr(options.shape));
  const prepared = prepareImageModel(identity, options.preprocessing);
  const compiled = await core.compileModel(prepared.model, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' });
  prepared.model.dispose();
  const request = compiled.createInferRequest();
  const size = options.shape.reduce((product, dimension) => product * dimension, 1);
  const data = new Float32Array(size * options.count);
  const random = seededRandom(options.seed);
  let crops = 0;
  try {
    for (let index = 0; index < options.count; index += 1) {
      const whole = decoded[index % decoded.length] as DecodedImage;
      const picked = index < decoded.length ? whole : crop(whole, random);
      if (index >= decoded.length) crops += 1;
      const fitted = fitAspectRatio(picked, prepared.input.inputSize, prepared.input.resizeMode);
      using tensor = new Tensor('u8', [1, fitted.height, fitted.width, 3], fitted.data);
      const outputs = request.infer([tensor]);
      const output = Object.values(outputs)[0] as Tensor;
      data.set(output.data as Float32Array, index * size);
    }
  } finally {
    request.dispose();
    compiled.dispose();
  }
  return { count: options.count, shape: [...options.shape], data, crops };
}
