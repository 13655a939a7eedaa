import { elementByteSize, type TensorData, type TensorElementType, typedArrayFor } from '../element-type.js';
import type { RemoteErrorContext } from '../errors/remote-error-context.js';
import { RemoteProtocolError } from '../errors/remote-protocol-error.js';
import { datatypeOfElementType, elementTypeOfDatatype } from './kserve-datatype.js';
import type { RemoteTensor } from './remote-tensor.js';

/**
 * KServe v2 inference requests and responses with the binary tensor data extension: a JSON header
 * followed by the tensors' raw little-endian bytes, the header's length in the
 * `Inference-Header-Content-Length` HTTP header. Responses may also come as plain JSON (`data`
 * arrays), which servers send when they ignore the binary request; both are decoded.
 */
export const INFERENCE_HEADER_CONTENT_LENGTH = 'inference-header-content-length';

/** An encoded request: the body to POST and the length of its JSON header. */
export interface EncodedInferRequest {
  body: Buffer;
  headerLength: number;
}

/** A decoded response. */
export interface DecodedInferResponse {
  modelName: string | undefined;
  modelVersion: string | undefined;
  id: string | undefined;
  outputs: RemoteTensor[];
}

/**
 * Encodes `inputs` (each sent as binary data) and asks for `outputs` by name (all outputs when
 * empty) as binary data too.
 */
export function encodeInferRequest(
  inputs: readonly RemoteTensor[],
  outputs: readonly string[],
  id?: string,
): EncodedInferRequest {
  const header = {
    ...(id === undefined ? {} : { id }),
    inputs: inputs.map((input) => {
      const datatype = datatypeOfElementType(input.elementType);
      if (datatype === undefined)
        throw new TypeError(
          `input '${input.name}' has element type ${input.elementType}, which KServe v2 cannot carry`,
        );
      return {
        name: input.name,
        shape: [...input.shape],
        datatype,
        parameters: { binary_data_size: input.data.byteLength },
      };
    }),
    ...(outputs.length === 0
      ? { parameters: { binary_data_output: true } }
      : { outputs: outputs.map((name) => ({ name, parameters: { binary_data: true } })) }),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [json];
  for (const input of inputs) parts.push(Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength));
  return { body: Buffer.concat(parts), headerLength: json.byteLength };
}

interface ResponseOutput {
  name?: unknown;
  datatype?: unknown;
  shape?: unknown;
  parameters?: { binary_data_size?: unknown } | null;
  data?: unknown;
}

/**
 * Decodes a response body. `headerLength` is the `Inference-Header-Content-Length` value when the
 * server sent one (binary response), undefined for a plain JSON response.
 * @throws RemoteProtocolError naming the server when the body does not hold what it says.
 */
export function decodeInferResponse(
  body: Buffer,
  headerLength: number | undefined,
  context: RemoteErrorContext,
): DecodedInferResponse {
  const fail = (what: string): never => {
    throw new RemoteProtocolError(`${context.url} answered an inference response that ${what}.`, { ...context });
  };
  if (
    headerLength !== undefined &&
    (!Number.isSafeInteger(headerLength) || headerLength < 0 || headerLength > body.byteLength)
  ) {
    fail(`declares a ${headerLength}-byte JSON header in a ${body.byteLength}-byte body`);
  }
  const jsonLength = headerLength ?? body.byteLength;
  let header: { model_name?: unknown; model_version?: unknown; id?: unknown; outputs?: unknown };
  try {
    header = JSON.parse(body.subarray(0, jsonLength).toString('utf8'));
  } catch (error) {
    return fail(`is not JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || !Array.isArray(header.outputs)) fail(`has no 'outputs' list`);
  let offset = jsonLength;
  const outputs: RemoteTensor[] = [];
  for (const raw of header.outputs as ResponseOutput[]) {
    const name = typeof raw?.name === 'string' ? raw.name : fail(`has an output without a name`);
    const datatype = typeof raw.datatype === 'string' ? raw.datatype : fail(`has output '${name}' without a datatype`);
    const elementType =
      elementTypeOfDatatype(datatype) ??
      fail(`has output '${name}' of datatype ${datatype}, which hubvino cannot read`);
    const shape =
      Array.isArray(raw.shape) && raw.shape.every((d) => Number.isSafeInteger(d) && d >= 0)
        ? (raw.shape as number[])
        : fail(`has output '${name}' with shape ${JSON.stringify(raw.shape)}`);
    const count = shape.reduce((product, dimension) => product * dimension, 1);
    const binarySize = raw.parameters?.binary_data_size;
    let data: TensorData;
    if (binarySize !== undefined) {
      if (headerLength === undefined)
        fail(`has binary output '${name}' but no ${INFERENCE_HEADER_CONTENT_LENGTH} header`);
      const size = Number(binarySize);
      if (!Number.isSafeInteger(size) || size !== count * elementByteSize(elementType)) {
        fail(`has output '${name}' ${datatype}${JSON.stringify(shape)} with binary_data_size ${String(binarySize)}`);
      }
      if (offset + size > body.byteLength) fail(`ends before the ${size} bytes of output '${name}'`);
      data = copyBytes(body, offset, size, elementType);
      offset += size;
    } else {
      if (!Array.isArray(raw.data)) fail(`has output '${name}' with neither data nor binary_data_size`);
      data = fromJson(raw.data as unknown[], elementType, () =>
        fail(`has output '${name}' whose data is not ${count} ${datatype} values`),
      );
      if (data.length !== count)
        fail(`has output '${name}' with ${data.length} values for shape ${JSON.stringify(shape)}`);
    }
    outputs.push({ name, elementType, shape, data });
  }
  return {
    modelName: typeof header.model_name === 'string' ? header.model_name : undefined,
    modelVersion:
      header.model_version === undefined || header.model_version === null ? undefined : String(header.model_version),
    id: typeof header.id === 'string' ? header.id : undefined,
    outputs,
  };
}

/** Copies into a fresh (aligned) typed array: the body's offset is rarely a multiple of the element size. */
function copyBytes(body: Buffer, offset: number, size: number, elementType: TensorElementType): TensorData {
  const type = typedArrayFor(elementType);
  const data = new type(size / type.BYTES_PER_ELEMENT);
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(body.subarray(offset, offset + size));
  return data;
}

function fromJson(values: unknown[], elementType: TensorElementType, bad: () => never): TensorData {
  const flat = values.flat(Number.POSITIVE_INFINITY) as unknown[];
  const type = typedArrayFor(elementType);
  if (elementType === 'f16' || elementType === 'bf16') bad(); // 16-bit floats only travel as binary
  const data = new type(flat.length);
  const bigints = elementType === 'i64' || elementType === 'u64';
  for (let index = 0; index < flat.length; index += 1) {
    const value = flat[index];
    if (typeof value === 'boolean' && elementType === 'boolean') (data as Uint8Array)[index] = value ? 1 : 0;
    else if (typeof value === 'number' && Number.isFinite(value)) {
      if (bigints) (data as BigInt64Array)[index] = BigInt(Math.trunc(value));
      else (data as Float32Array)[index] = value;
    } else bad();
  }
  return data;
}
