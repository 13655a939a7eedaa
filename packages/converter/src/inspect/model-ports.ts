import type { Core, Model, Port } from '@hubvino/runtime';
import { HubvinoError } from '@hubvino/runtime';
import type { ElementTypeName, ManifestPort } from '@hubvino/runtime/artifact';
import { ConversionError } from '../errors/conversion-error.js';

/** A port in manifest form (`shape` with -1 for dynamic dimensions; `layout` guessed for images). */
export function manifestPort(port: Port): ManifestPort {
  const shape = [...port.partialShape];
  const layout =
    shape.length === 4 && shape[3] === 3 ? 'NHWC' : shape.length === 4 && shape[1] === 3 ? 'NCHW' : undefined;
  return {
    name: port.name,
    names: [...port.names],
    shape,
    elementType: port.elementType as ElementTypeName,
    ...(layout ? { layout } : {}),
  };
}

/** Inputs and outputs of a model, in manifest form. */
export interface ModelSignature {
  inputs: ManifestPort[];
  outputs: ManifestPort[];
}

/** The signature of a read model. */
export function modelSignature(model: Model): ModelSignature {
  return { inputs: model.inputs.map(manifestPort), outputs: model.outputs.map(manifestPort) };
}

/**
 * Reads a source model (.tflite, SavedModel folder, frozen .pb, .onnx) or an IR through OpenVINO's
 * own frontends. A model OpenVINO cannot read or convert (an unsupported op) becomes a
 * ConversionError carrying OpenVINO's message.
 */
export async function readSourceModel(core: Core, modelPath: string): Promise<Model> {
  try {
    return await core.readModel(modelPath);
  } catch (error) {
    const detail = HubvinoError.isInstance(error)
      ? (error.nativeMessage ?? (error.cause as HubvinoError | undefined)?.nativeMessage ?? error.message)
      : String(error);
    throw new ConversionError(`OpenVINO cannot read or convert ${modelPath}: ${detail.trim()}`, {
      code: 'ERR_UNSUPPORTED_MODEL',
      cause: error,
    });
  }
}
