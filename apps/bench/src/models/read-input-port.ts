import { Core, HubvinoError } from '@hubvino/runtime';
import type { PreparedModel } from './prepared-model.js';

/**
 * Reads an IR's single input with hubvino and decides the static shape everyone runs: the IR's own,
 * or batch 1 when the batch is dynamic (benchmark_app then gets `-shape`, hubvino and Python reshape).
 */
export async function describeInput(
  xml: string,
): Promise<Pick<PreparedModel, 'inputName' | 'inputElementType' | 'inputShape' | 'reshaped'>> {
  using core = new Core();
  using model = await core.readModel(xml);
  const port = model.input();
  if (port.elementType !== 'f32' && port.elementType !== 'u8') {
    throw new HubvinoError(`${xml}: input ${port.name} is ${port.elementType}; the bench feeds f32 or u8`, {
      code: 'ERR_BENCH_MODEL',
      category: 'validation',
    });
  }
  if (port.dynamicRank || port.partialShape.slice(1).some((dimension) => dimension < 0)) {
    throw new HubvinoError(`${xml}: input ${port.name} has dynamic dimensions other than the batch`, {
      code: 'ERR_BENCH_MODEL',
      category: 'validation',
    });
  }
  const reshaped = (port.partialShape[0] ?? 1) < 0;
  return {
    inputName: port.name,
    inputElementType: port.elementType,
    inputShape: port.partialShape.map((dimension, index) => (index === 0 && dimension < 0 ? 1 : dimension)),
    reshaped,
  };
}
