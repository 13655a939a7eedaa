import { OpenVinoNodeError } from './errors/openvino-node-error.js';

let adopting: { name: string; type: string } | undefined;

/** Internal: a Node for one operation of a model. */
export function nodeFrom(name: string, type: string): Node {
  adopting = { name, type };
  try {
    return new Node();
  } finally {
    adopting = undefined;
  }
}

/** openvino-node's Node: one operation of a Model (from `model.getOps()`). */
export class Node {
  readonly #name: string;
  readonly #type: string;

  constructor() {
    if (!adopting) throw new OpenVinoNodeError('Node objects come from model.getOps().', 'ERR_OV_UNSUPPORTED');
    this.#name = adopting.name;
    this.#type = adopting.type;
    adopting = undefined;
  }

  /** The operation's name. */
  getName(...args: unknown[]): string {
    if (args.length > 0) throw new OpenVinoNodeError('getName() does not take any arguments.');
    return this.#name;
  }

  /** The operation's type, e.g. `Convolution` (not in openvino-node; kept for debugging). */
  getTypeName(): string {
    return this.#type;
  }
}
