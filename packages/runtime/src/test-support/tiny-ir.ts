import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A tiny IR model for tests: `output = input <operation> constant` (numpy broadcast). */
export interface ElementwiseModelOptions {
  /** File stem (`<name>.xml`, `<name>.bin`). */
  name: string;
  operation: 'Add' | 'Multiply';
  /** Input shape; -1 marks a dynamic dimension. */
  inputShape: readonly number[];
  /** The constant operand (f32). */
  constant: readonly number[];
  /** Shape of the constant (defaults to `[constant.length]`). */
  constantShape?: readonly number[];
  /** Tensor names of the input and output ports. */
  inputName?: string;
  outputName?: string;
}

const dims = (shape: readonly number[]): string => shape.map((dimension) => `<dim>${dimension}</dim>`).join('');

/**
 * Writes an OpenVINO IR v11 `.xml` + `.bin` by hand: Parameter(f32) -> Add|Multiply(Const) -> Result.
 * Returns the paths. Expected outputs are plain arithmetic, independent of hubvino.
 */
export async function writeElementwiseModel(
  directory: string,
  options: ElementwiseModelOptions,
): Promise<{ xml: string; bin: string }> {
  const constantShape = options.constantShape ?? [options.constant.length];
  const weights = Buffer.from(new Float32Array(options.constant).buffer);
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'output';
  const shapeAttribute = options.inputShape.map((dimension) => (dimension < 0 ? '?' : String(dimension))).join(',');
  // Output shape of numpy broadcast of input and constant (dynamic dims stay -1).
  const rank = Math.max(options.inputShape.length, constantShape.length);
  const outputShape: number[] = [];
  for (let axis = 0; axis < rank; axis += 1) {
    const a = options.inputShape[options.inputShape.length - rank + axis] ?? 1;
    const b = constantShape[constantShape.length - rank + axis] ?? 1;
    outputShape.push(a === 1 ? b : a);
  }
  const xml = `<?xml version="1.0"?>
<net name="${options.name}" version="11">
  <layers>
    <layer id="0" name="${inputName}" type="Parameter" version="opset1">
      <data shape="${shapeAttribute}" element_type="f32"/>
      <output>
        <port id="0" precision="FP32" names="${inputName}">${dims(options.inputShape)}</port>
      </output>
    </layer>
    <layer id="1" name="constant" type="Const" version="opset1">
      <data element_type="f32" shape="${constantShape.join(',')}" offset="0" size="${weights.byteLength}"/>
      <output>
        <port id="0" precision="FP32">${dims(constantShape)}</port>
      </output>
    </layer>
    <layer id="2" name="operation" type="${options.operation}" version="opset1">
      <data auto_broadcast="numpy"/>
      <input>
        <port id="0" precision="FP32">${dims(options.inputShape)}</port>
        <port id="1" precision="FP32">${dims(constantShape)}</port>
      </input>
      <output>
        <port id="2" precision="FP32" names="${outputName}">${dims(outputShape)}</port>
      </output>
    </layer>
    <layer id="3" name="${outputName}/result" type="Result" version="opset1">
      <input>
        <port id="0" precision="FP32">${dims(outputShape)}</port>
      </input>
    </layer>
  </layers>
  <edges>
    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
    <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
  </edges>
</net>
`;
  const xmlPath = join(directory, `${options.name}.xml`);
  const binPath = join(directory, `${options.name}.bin`);
  await writeFile(xmlPath, xml);
  await writeFile(binPath, weights);
  return { xml: xmlPath, bin: binPath };
}

/**
 * Writes a hand-written OpenVINO IR (v11) into `directory` as model.xml + model.bin:
 * `image` f32 [1, height, width, 3] (NHWC; [1, 3, height, width] with `layout: 'NCHW'`) ->
 * ReduceMean over H and W -> `logits` f32 [1, 3].
 * So the "logits" are the mean R, G and B of the image: a red picture's top class is 0, green 1,
 * blue 2, whatever preprocessing scale is used. The .bin holds the reduction axes (two i64).
 */
export async function writeMeanColorIr(
  directory: string,
  height = 2,
  width = 2,
  layout: 'NHWC' | 'NCHW' = 'NHWC',
): Promise<void> {
  const shape = layout === 'NHWC' ? [1, height, width, 3] : [1, 3, height, width];
  const image = dims(shape);
  const xml = `<?xml version="1.0"?>
<net name="mean_color" version="11">
  <layers>
    <layer id="0" name="image" type="Parameter" version="opset1">
      <data shape="${shape.join(',')}" element_type="f32"/>
      <output><port id="0" precision="FP32" names="image">${image}</port></output>
    </layer>
    <layer id="1" name="axes" type="Const" version="opset1">
      <data element_type="i64" shape="2" offset="0" size="16"/>
      <output><port id="0" precision="I64"><dim>2</dim></port></output>
    </layer>
    <layer id="2" name="mean" type="ReduceMean" version="opset1">
      <data keep_dims="false"/>
      <input><port id="0" precision="FP32">${image}</port><port id="1" precision="I64"><dim>2</dim></port></input>
      <output><port id="2" precision="FP32" names="logits"><dim>1</dim><dim>3</dim></port></output>
    </layer>
    <layer id="3" name="logits/sink_port_0" type="Result" version="opset1">
      <input><port id="0" precision="FP32"><dim>1</dim><dim>3</dim></port></input>
    </layer>
  </layers>
  <edges>
    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
    <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
  </edges>
</net>
`;
  await writeFile(join(directory, 'model.xml'), xml);
  await writeFile(
    join(directory, 'model.bin'),
    Buffer.from(new BigInt64Array(layout === 'NHWC' ? [1n, 2n] : [2n, 3n]).buffer),
  );
}
