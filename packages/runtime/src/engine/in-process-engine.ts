import type { CompiledModel } from '../compiled-model.js';
import { InferQueue } from '../infer-queue.js';
import { Tensor } from '../tensor.js';
import {
  type EnginePort,
  type EngineTensor,
  enginePort,
  type InferenceEngine,
  type InferenceLocation,
} from './inference-engine.js';

/**
 * The in-process engine: a CompiledModel and an {@link InferQueue} of its requests. Inputs become
 * Tensors for one run and are freed after it; outputs are the copies OpenVINO's results are read into.
 */
export class InProcessEngine implements InferenceEngine {
  readonly location: InferenceLocation;
  readonly inputs: readonly EnginePort[];
  readonly outputs: readonly EnginePort[];
  readonly #queue: InferQueue;

  /**
   * @param compiledModel the model to run (not owned: the task frees it)
   * @param device the device it was compiled for, for {@link location}
   * @param requests number of InferRequests (default twice the model's optimal number, as InferQueue)
   */
  constructor(compiledModel: CompiledModel, device: string, requests?: number) {
    this.#queue = new InferQueue(compiledModel, requests);
    this.location = { kind: 'in-process', where: device, description: `${device} (in-process)` };
    this.inputs = compiledModel.inputs.map(enginePort);
    this.outputs = compiledModel.outputs.map(enginePort);
  }

  /** Number of InferRequests in the queue. */
  get requests(): number {
    return this.#queue.size;
  }

  async infer(inputs: Readonly<Record<string, EngineTensor>>): Promise<Record<string, EngineTensor>> {
    const tensors: Record<string, Tensor> = {};
    try {
      for (const [name, input] of Object.entries(inputs)) {
        tensors[name] = new Tensor(input.elementType, input.shape, input.data);
      }
      const results = await this.#queue.run(tensors);
      const outputs: Record<string, EngineTensor> = {};
      for (const [name, tensor] of Object.entries(results)) {
        outputs[name] = { elementType: tensor.elementType, shape: tensor.shape, data: tensor.data };
      }
      return outputs;
    } finally {
      for (const tensor of Object.values(tensors)) tensor.dispose();
    }
  }

  dispose(): void {
    this.#queue.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
