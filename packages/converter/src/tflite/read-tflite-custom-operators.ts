import { readFile } from 'node:fs/promises';
import { SourceError } from '../errors/source-error.js';
import { Table } from './read-tflite-tensors.js';

/** The custom op TF Lite's SSD detectors end in (box decoding + non-max suppression). */
export const DETECTION_POSTPROCESS_OP = 'TFLite_Detection_PostProcess';

/**
 * The custom operator names (`OperatorCode.custom_code`) a `.tflite` file uses, read from its
 * FlatBuffer without TF Lite. Builtin operators are not listed.
 * @throws SourceError when the file is not a readable TF Lite model.
 */
export async function readTfliteCustomOperators(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  try {
    if (bytes.length < 8 || bytes.toString('latin1', 4, 8) !== 'TFL3') throw new Error('no TFL3 identifier');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const model = new Table(view, view.getUint32(0, true));
    // Model.operator_codes (field 1): OperatorCode.custom_code is field 1.
    const names = model.tables(1).map((code) => code.string(1));
    return [...new Set(names.filter((name) => name !== ''))];
  } catch (error) {
    throw new SourceError(file, `${file} is not a readable TF Lite model (${(error as Error).message}).`, {
      code: 'ERR_UNSUPPORTED_SOURCE',
      cause: error,
    });
  }
}
