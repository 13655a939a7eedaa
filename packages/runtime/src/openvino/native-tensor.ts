import koffi from 'koffi';
import type { ElementType } from '../element-type.js';
import { elementTypeCode, elementTypeName } from './element-type-codes.js';
import { openVino } from './library.js';
import { check } from './native-error.js';

const out: [bigint | null] = [null];
const outNumber: [number] = [0];

/** An `ov_shape_t` argument: rank plus a pointer to int64 dims (koffi passes the BigInt64Array's memory). */
function shapeArgument(shape: readonly number[]): { rank: number; dims: BigInt64Array } {
  const dims = new BigInt64Array(shape.length);
  for (let index = 0; index < shape.length; index += 1) dims[index] = BigInt(shape[index] ?? 0);
  return { rank: shape.length, dims };
}

/** Allocates an `ov_tensor_t` owned by OpenVINO (`ov_tensor_create`). */
export function createTensor(elementType: ElementType, shape: readonly number[]): bigint {
  const library = openVino();
  check(
    library.ov_tensor_create(elementTypeCode(elementType), shapeArgument(shape), out),
    'ov_tensor_create',
    `allocating a ${elementType} [${shape.join(',')}] tensor`,
  );
  return out[0] as bigint;
}

/**
 * An `ov_tensor_t` over `data`'s own memory (`ov_tensor_create_from_host_ptr`): no copy. Only for
 * data in a SharedArrayBuffer, which can be neither detached nor moved, so the memory stays where it
 * is for as long as the caller keeps `data` reachable (it must, for the tensor's whole life).
 */
export function createTensorOverSharedMemory(
  elementType: ElementType,
  shape: readonly number[],
  data: ArrayBufferView,
): bigint {
  if (!(data.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError('createTensorOverSharedMemory() needs data in a SharedArrayBuffer');
  }
  const library = openVino();
  check(
    library.ov_tensor_create_from_host_ptr(elementTypeCode(elementType), shapeArgument(shape), data, out),
    'ov_tensor_create_from_host_ptr',
    `wrapping a ${elementType} [${shape.join(',')}] SharedArrayBuffer`,
  );
  return out[0] as bigint;
}

/** The tensor's shape (`ov_tensor_get_shape`, then `ov_shape_free`). */
export function tensorShape(tensor: bigint): number[] {
  const library = openVino();
  const shape: { rank?: number | bigint; dims?: bigint | null } = {};
  check(library.ov_tensor_get_shape(tensor, shape), 'ov_tensor_get_shape');
  try {
    const rank = Number(shape.rank ?? 0);
    if (rank === 0 || !shape.dims) return [];
    const dims = koffi.decode(shape.dims, 'int64_t', rank) as ArrayLike<bigint | number>;
    return Array.from(dims, (value) => Number(value));
  } finally {
    library.ov_shape_free(shape);
  }
}

/** The tensor's element type. */
export function tensorElementType(tensor: bigint): ElementType {
  check(openVino().ov_tensor_get_element_type(tensor, outNumber), 'ov_tensor_get_element_type');
  return elementTypeName(outNumber[0]);
}

/** Address of the tensor's data. */
export function tensorDataPointer(tensor: bigint): bigint {
  check(openVino().ov_tensor_data(tensor, out), 'ov_tensor_data');
  return out[0] as bigint;
}

/** The tensor's size in bytes. */
export function tensorByteSize(tensor: bigint): number {
  check(openVino().ov_tensor_get_byte_size(tensor, outNumber), 'ov_tensor_get_byte_size');
  return Number(outNumber[0]);
}

/**
 * A reusable window on a tensor's data memory. `koffi.view` makes a new external ArrayBuffer each
 * time (a few microseconds, and garbage for the collector); an inference request's tensors keep
 * their memory from one inference to the next, so the window is re-made only when the tensor's
 * data pointer moves or its size grows. The window is only used right after the pointer was read
 * from a live tensor, so it never reads memory that was freed.
 */
export class DataWindow {
  #address = 0n;
  #view: Uint8Array | undefined;

  /** A view of the first `byteLength` bytes of `tensor`'s data. */
  of(tensor: bigint, byteLength: number): Uint8Array {
    const pointer = tensorDataPointer(tensor);
    let view = this.#view;
    if (view === undefined || pointer !== this.#address || view.byteLength < byteLength) {
      view = new Uint8Array(koffi.view(pointer, byteLength));
      this.#view = view;
      this.#address = pointer;
    }
    return view.byteLength === byteLength ? view : view.subarray(0, byteLength);
  }
}

/** Copies `target.byteLength` bytes of the tensor's data into `target` (from its byte 0). */
export function copyTensorData(tensor: bigint, target: Uint8Array, window?: DataWindow): void {
  if (target.byteLength === 0) return;
  if (window !== undefined) {
    target.set(window.of(tensor, target.byteLength));
    return;
  }
  const pointer = tensorDataPointer(tensor);
  target.set(new Uint8Array(koffi.view(pointer, target.byteLength)));
}

/**
 * A view of the first `byteLength` bytes of the tensor's data; valid only while the tensor (and
 * every other owner of its memory) is alive.
 */
export function tensorMemory(tensor: bigint, byteLength: number): Uint8Array {
  if (byteLength === 0) return new Uint8Array(0);
  return new Uint8Array(koffi.view(tensorDataPointer(tensor), byteLength));
}

/** Copies `source` into the tensor's data (from its byte 0). */
export function writeTensorData(tensor: bigint, source: Uint8Array): void {
  if (source.byteLength === 0) return;
  const pointer = tensorDataPointer(tensor);
  new Uint8Array(koffi.view(pointer, source.byteLength)).set(source);
}

/** `ov_tensor_free`. */
export function freeTensor(tensor: bigint): void {
  openVino().ov_tensor_free(tensor);
}
