import { describe, expect, it } from 'vitest';
import { ArgumentError } from './argument-error.js';
import { ArtifactCorruptError } from './artifact-corrupt-error.js';
import { ArtifactNotFoundError } from './artifact-not-found-error.js';
import { DisposedError } from './disposed-error.js';
import { exitCodeFor, exitCodes } from './error-category.js';
import { HubvinoError } from './hubvino-error.js';
import { ImageDecodeError } from './image-decode-error.js';
import { ImageTooLargeError } from './image-too-large-error.js';
import { ModelOutputError } from './model-output-error.js';
import { OpenVinoError } from './openvino-error.js';
import { RemoteError } from './remote-error.js';
import { RemoteModelError } from './remote-model-error.js';
import { RemoteProtocolError } from './remote-protocol-error.js';
import { RemoteRequestError } from './remote-request-error.js';
import { RemoteTimeoutError } from './remote-timeout-error.js';
import { RemoteUnavailableError } from './remote-unavailable-error.js';
import { RequestBusyError } from './request-busy-error.js';
import { ToolchainError } from './toolchain-error.js';

const samples = {
  ArgumentError: new ArgumentError("'topK' must be a positive integer", { argument: 'topK' }),
  ArtifactCorruptError: new ArtifactCorruptError('model.bin is truncated', { file: 'models/m/1/model.bin' }),
  ArtifactNotFoundError: new ArtifactNotFoundError('No model m'),
  DisposedError: DisposedError.of('Tensor'),
  ImageDecodeError: new ImageDecodeError('not an image', { input: 'x.png', code: 'ERR_IMAGE_EMPTY' }),
  ImageTooLargeError: ImageTooLargeError.of({ input: 'x.png', width: 3, height: 4, maxPixels: 10 }),
  ModelOutputError: new ModelOutputError('no output y', { output: 'y', available: ['z'] }),
  OpenVinoError: new OpenVinoError('failed', {
    nativeStatus: -1,
    nativeFunction: 'ov_core_create',
    nativeMessage: 'x',
  }),
  RemoteModelError: new RemoteModelError('not served', {
    endpoint: 'http://h:1',
    url: 'http://h:1/v2/models/m',
    status: 404,
  }),
  RemoteProtocolError: new RemoteProtocolError('bad json', {
    endpoint: 'http://h:1',
    url: 'http://h:1/v2/models/m/infer',
  }),
  RemoteRequestError: new RemoteRequestError('400', {
    endpoint: 'http://h:1',
    url: 'http://h:1/v2/models/m/infer',
    status: 400,
  }),
  RemoteTimeoutError: new RemoteTimeoutError('late', { endpoint: 'http://h:1', url: 'http://h:1/v2' }),
  RemoteUnavailableError: new RemoteUnavailableError('refused', { endpoint: 'http://h:1', url: 'http://h:1/v2' }),
  RequestBusyError: new RequestBusyError('busy'),
  ToolchainError: new ToolchainError('no ovc', { code: 'ERR_OVC_NOT_FOUND' }),
};
const classes = {
  ArgumentError,
  ArtifactCorruptError,
  ArtifactNotFoundError,
  DisposedError,
  ImageDecodeError,
  ImageTooLargeError,
  ModelOutputError,
  OpenVinoError,
  RemoteModelError,
  RemoteProtocolError,
  RemoteRequestError,
  RemoteTimeoutError,
  RemoteUnavailableError,
  RequestBusyError,
  ToolchainError,
};

describe('hubvino errors', () => {
  it('isInstance of each class is true only for errors of that class (and HubvinoError for all)', () => {
    for (const [className, errorClass] of Object.entries(classes)) {
      for (const [sampleName, sample] of Object.entries(samples)) {
        expect(errorClass.isInstance(sample), `${className}.isInstance(${sampleName})`).toBe(className === sampleName);
      }
    }
    for (const sample of Object.values(samples)) expect(HubvinoError.isInstance(sample)).toBe(true);
    expect(HubvinoError.isInstance(new Error('plain'))).toBe(false);
    expect(ArgumentError.isInstance({ argument: 'x' })).toBe(false);
  });

  it('RemoteError.isInstance is true for every remote error and for nothing else', () => {
    for (const [sampleName, sample] of Object.entries(samples)) {
      expect(RemoteError.isInstance(sample), `RemoteError.isInstance(${sampleName})`).toBe(
        sampleName.startsWith('Remote'),
      );
    }
    expect(samples.RemoteTimeoutError).toBeInstanceOf(RemoteError);
    expect(samples.RemoteTimeoutError.toJSON()).toMatchObject({ name: 'RemoteTimeoutError', endpoint: 'http://h:1' });
  });

  it('isInstance recognizes an error from another copy of the package by its registered marker', () => {
    const foreign = Object.defineProperty(new Error('copy'), Symbol.for('hubvino.error.ArgumentError'), {
      value: true,
    });
    expect(ArgumentError.isInstance(foreign)).toBe(true);
    expect(ArtifactCorruptError.isInstance(foreign)).toBe(false);
  });

  it('names each class and keeps a stable code and category', () => {
    for (const [className, sample] of Object.entries(samples)) expect(sample.name).toBe(className);
    expect(samples.ArgumentError).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', category: 'usage', argument: 'topK' });
    expect(samples.ImageDecodeError).toMatchObject({ code: 'ERR_IMAGE_EMPTY', input: 'x.png' });
    expect(samples.DisposedError.message).toMatch(/^Tensor has been disposed/);
    expect(samples.ImageTooLargeError.message).toContain('3x4 (12 pixels)');
    expect(samples.RemoteUnavailableError).toMatchObject({ code: 'ERR_REMOTE_UNAVAILABLE', category: 'runtime' });
    expect(samples.RemoteModelError.toJSON()).toMatchObject({
      code: 'ERR_REMOTE_MODEL',
      endpoint: 'http://h:1',
      url: 'http://h:1/v2/models/m',
      status: 404,
    });
  });

  it('toJSON keeps code, message, native status/call/message, subclass fields and the cause chain', () => {
    const io = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const inner = new ArtifactCorruptError('cannot read', { file: 'a/hubvino.json', cause: io });
    const outer = new OpenVinoError('read failed', {
      code: 'ERR_RESHAPE',
      nativeStatus: -17,
      nativeFunction: 'ov_model_reshape',
      nativeMessage: 'shape mismatch',
      cause: inner,
    });
    expect(JSON.parse(JSON.stringify(outer))).toEqual({
      name: 'OpenVinoError',
      code: 'ERR_RESHAPE',
      category: 'runtime',
      message: 'read failed',
      nativeStatus: -17,
      nativeFunction: 'ov_model_reshape',
      nativeMessage: 'shape mismatch',
      cause: {
        name: 'ArtifactCorruptError',
        code: 'ERR_ARTIFACT_CORRUPT',
        category: 'artifact',
        message: 'cannot read',
        file: 'a/hubvino.json',
        cause: { name: 'Error', message: 'EACCES: permission denied', code: 'EACCES' },
      },
    });
    expect(samples.ModelOutputError.toJSON()).toMatchObject({ output: 'y', available: ['z'] });
    expect(samples.ImageTooLargeError.toJSON()).toMatchObject({ input: 'x.png', width: 3, height: 4, maxPixels: 10 });
  });

  it('maps categories to exit codes, 1 for foreign errors', () => {
    expect(exitCodeFor(samples.ArgumentError)).toBe(exitCodes.usage);
    expect(exitCodeFor(samples.ArtifactCorruptError)).toBe(exitCodes.artifact);
    expect(exitCodeFor(samples.ToolchainError)).toBe(exitCodes.toolchain);
    expect(exitCodeFor(new TypeError('x'))).toBe(1);
  });
});
