import { type CompiledModel, Core } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';

/** A compiled model and the Core it came from (dispose both). */
export interface CompiledPreparedModel extends Disposable {
  core: Core;
  compiled: CompiledModel;
}

/**
 * Reads the prepared IR with hubvino, reshapes a dynamic input to the model's static shape (as
 * benchmark_app is told with `-shape`) and compiles it for `device` with `hint`.
 */
export async function compilePreparedModel(
  prepared: PreparedModel,
  hint: 'LATENCY' | 'THROUGHPUT',
  device = 'CPU',
): Promise<CompiledPreparedModel> {
  const core = new Core();
  try {
    const model = await core.readModel(prepared.xml);
    try {
      if (prepared.reshaped) model.reshape(prepared.inputShape);
      const compiled = await core.compileModel(model, device, { PERFORMANCE_HINT: hint });
      return {
        core,
        compiled,
        [Symbol.dispose]() {
          compiled.dispose();
          core.dispose();
        },
      };
    } finally {
      model.dispose();
    }
  } catch (error) {
    core.dispose();
    throw error;
  }
}
