import { describe, expect, it } from 'vitest';
import { RemoteProtocolError } from '../errors/remote-protocol-error.js';
import { decodeInferResponse, encodeInferRequest } from './binary-tensor-codec.js';

const context = { endpoint: 'http://127.0.0.1:1', url: 'http://127.0.0.1:1/v2/models/m/infer' };

/** A binary response as the KServe v2 binary tensor extension lays it out: JSON header, then raw bytes. */
function binaryResponse(header: object, ...parts: ArrayBufferView[]): { body: Buffer; headerLength: number } {
  const json = Buffer.from(JSON.stringify(header));
  const bytes = parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  return { body: Buffer.concat([json, ...bytes]), headerLength: json.byteLength };
}

describe('encodeInferRequest', () => {
  it('writes a JSON header with binary_data_size per input, then the raw bytes in input order', () => {
    const a = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const b = Float32Array.from([0.5, -2]);
    const { body, headerLength } = encodeInferRequest(
      [
        { name: 'image', elementType: 'u8', shape: [1, 1, 2, 3], data: a },
        { name: 'bias', elementType: 'f32', shape: [2], data: b },
      ],
      [],
    );
    const header = JSON.parse(body.subarray(0, headerLength).toString());
    expect(header).toEqual({
      inputs: [
        { name: 'image', shape: [1, 1, 2, 3], datatype: 'UINT8', parameters: { binary_data_size: 6 } },
        { name: 'bias', shape: [2], datatype: 'FP32', parameters: { binary_data_size: 8 } },
      ],
      parameters: { binary_data_output: true },
    });
    expect([...body.subarray(headerLength, headerLength + 6)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      new Float32Array(body.buffer.slice(body.byteOffset + headerLength + 6, body.byteOffset + body.byteLength)),
    ).toEqual(b);
  });

  it('asks for named outputs as binary data when given', () => {
    const { body, headerLength } = encodeInferRequest([], ['scores']);
    expect(JSON.parse(body.subarray(0, headerLength).toString()).outputs).toEqual([
      { name: 'scores', parameters: { binary_data: true } },
    ]);
  });
});

describe('decodeInferResponse', () => {
  it('decodes binary outputs at unaligned offsets into aligned typed arrays', () => {
    const scores = Float32Array.from([0.25, 0.75, -1]);
    const ids = BigInt64Array.from([7n, -9n]);
    const { body, headerLength } = binaryResponse(
      {
        model_name: 'm',
        model_version: '3',
        outputs: [
          { name: 'scores', datatype: 'FP32', shape: [1, 3], parameters: { binary_data_size: 12 } },
          { name: 'ids', datatype: 'INT64', shape: [2], parameters: { binary_data_size: 16 } },
        ],
      },
      scores,
      ids,
    );
    const decoded = decodeInferResponse(body, headerLength, context);
    expect(decoded.modelVersion).toBe('3');
    expect(decoded.outputs[0]).toEqual({ name: 'scores', elementType: 'f32', shape: [1, 3], data: scores });
    expect(decoded.outputs[1]?.data).toEqual(ids);
  });

  it('decodes plain JSON outputs (servers that ignore the binary request)', () => {
    const body = Buffer.from(
      JSON.stringify({
        outputs: [
          {
            name: 'y',
            datatype: 'INT32',
            shape: [2, 2],
            data: [
              [1, 2],
              [3, 4],
            ],
          },
        ],
      }),
    );
    expect(decodeInferResponse(body, undefined, context).outputs[0]?.data).toEqual(Int32Array.from([1, 2, 3, 4]));
  });

  it.each([
    [
      'a body shorter than its binary outputs',
      () => {
        const { body, headerLength } = binaryResponse(
          { outputs: [{ name: 'y', datatype: 'FP32', shape: [4], parameters: { binary_data_size: 16 } }] },
          Float32Array.from([1]),
        );
        return decodeInferResponse(body, headerLength, context);
      },
      'ends before the 16 bytes',
    ],
    [
      'a binary_data_size that does not match the shape',
      () => {
        const { body, headerLength } = binaryResponse(
          { outputs: [{ name: 'y', datatype: 'FP32', shape: [2], parameters: { binary_data_size: 4 } }] },
          Float32Array.from([1]),
        );
        return decodeInferResponse(body, headerLength, context);
      },
      'binary_data_size 4',
    ],
    ['a header length past the body', () => decodeInferResponse(Buffer.from('{}'), 99, context), '99-byte JSON header'],
    ['a header that is not JSON', () => decodeInferResponse(Buffer.from('<html>'), undefined, context), 'is not JSON'],
    [
      'an output of a datatype hubvino cannot read',
      () =>
        decodeInferResponse(
          Buffer.from(JSON.stringify({ outputs: [{ name: 's', datatype: 'BYTES', shape: [1], data: ['x'] }] })),
          undefined,
          context,
        ),
      'datatype BYTES',
    ],
    [
      'JSON data of the wrong length',
      () =>
        decodeInferResponse(
          Buffer.from(JSON.stringify({ outputs: [{ name: 'y', datatype: 'FP32', shape: [3], data: [1, 2] }] })),
          undefined,
          context,
        ),
      '2 values for shape [3]',
    ],
  ])('rejects %s with RemoteProtocolError naming the call', (_what, decode, words) => {
    let error: unknown;
    try {
      decode();
    } catch (caught) {
      error = caught;
    }
    expect(RemoteProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(context.url);
    expect((error as Error).message).toContain(words);
  });
});
