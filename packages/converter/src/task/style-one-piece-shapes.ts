import type { ManifestPort, Stylization } from '@hubvino/runtime/artifact';
import { ONE_PIECE_STYLE_SIZE } from '@hubvino/runtime/task-support';
import type { ShapePlan } from '../conversion/input-shape.js';

/**
 * The content size the one-piece model is validated at (its content input stays dynamic): not
 * square, so a swapped height and width shows, and small enough to validate in a second.
 */
export const ONE_PIECE_VALIDATION_CONTENT = Object.freeze({ height: 240, width: 320 });

function describeShape(shape: readonly number[]): string {
  return `[${shape.map((dimension) => (dimension < 0 ? '?' : String(dimension))).join(',')}]`;
}

/**
 * The converted shapes of TF Hub's one-piece Magenta model: the content input [1,?,?,3] (any
 * height and width, as the notebook runs it on the full photo), the style input fixed to
 * [1,256,256,3] (the size the model was trained on and the notebook resizes to). ovc gets them by
 * name, e.g. `placeholder[1,?,?,3],placeholder_1[1,256,256,3]`.
 */
export function planOnePieceShapes(
  inputs: readonly ManifestPort[],
  ports: { content: ManifestPort; style: ManifestPort },
): ShapePlan {
  const shapes = inputs.map((port) =>
    port === ports.style ? [1, ONE_PIECE_STYLE_SIZE.height, ONE_PIECE_STYLE_SIZE.width, 3] : [1, -1, -1, 3],
  );
  return {
    shapes,
    ovcInput: inputs.map((port, index) => `${port.name}${describeShape(shapes[index] as number[])}`).join(','),
  };
}

/** Concrete validation shapes: dynamic content dimensions at {@link ONE_PIECE_VALIDATION_CONTENT}. */
export function onePieceValidationShapes(shapes: readonly number[][]): number[][] {
  return shapes.map((shape) =>
    shape.map((dimension, axis) =>
      dimension >= 0
        ? dimension
        : axis === 1
          ? ONE_PIECE_VALIDATION_CONTENT.height
          : axis === 2
            ? ONE_PIECE_VALIDATION_CONTENT.width
            : 1,
    ),
  );
}

/** The manifest's `stylization` section for the converted IR's ports. */
export function stylizationOf(ports: { content: ManifestPort; style: ManifestPort }): Stylization {
  const [, height = -1, width = -1] = ports.style.shape;
  return {
    contentInput: ports.content.name,
    styleInput: ports.style.name,
    styleSize: height > 0 && width > 0 ? { height, width } : { ...ONE_PIECE_STYLE_SIZE },
  };
}
