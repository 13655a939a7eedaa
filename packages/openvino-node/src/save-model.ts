import { Core as RuntimeCore } from '@hubvino/runtime';
import { signatureError, type Version, versionObject } from './core.js';
import { native } from './errors/openvino-node-error.js';
import { Model, runtimeModelOf } from './model.js';

/** Saves a model as IR (`.xml` + `.bin`), compressing float weights to FP16 unless told not to. */
export function saveModelSync(model: Model, path: string, compressToFp16?: boolean): void;
export function saveModelSync(...args: unknown[]): void {
  const [model, path, compressToFp16] = args;
  if (
    args.length < 2 ||
    args.length > 3 ||
    !(model instanceof Model) ||
    typeof path !== 'string' ||
    (compressToFp16 !== undefined && typeof compressToFp16 !== 'boolean')
  ) {
    throw signatureError('saveModelSync', args, ['(Model, string)', '(Model, string, boolean)']);
  }
  native(() => runtimeModelOf(model).save(path, compressToFp16 ?? true));
}

/** The OpenVINO runtime actually loaded (not this package's version). */
export function getOpenvinoVersion(): Version {
  const version = native(() => RuntimeCore.getVersion());
  return versionObject(version.description, version.buildNumber);
}
