import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a small IR like openvino-node's test model (net `test_model`, input `data` f32
 * [1,3,32,32], output `fc_out` f32 [1,10]): Reshape to [1,3072] -> MatMul with a [3072,10]
 * weight matrix -> Add a [10] bias. Weights are `weight(i, j) = ((i * 7 + j * 13) % 17 - 8) / 64`,
 * bias `j / 10`, so expected outputs are plain arithmetic ({@link expectedTestModelOutput}).
 */
export async function writeTestModel(
  directory: string,
  name = 'test_model_fp32',
): Promise<{ xml: string; bin: string }> {
  const weights = new Float32Array(3072 * 10);
  for (let i = 0; i < 3072; i += 1) for (let j = 0; j < 10; j += 1) weights[i * 10 + j] = weightAt(i, j);
  const shape = new BigInt64Array([1n, 3072n]);
  const bias = Float32Array.from({ length: 10 }, (_, j) => j / 10);
  const weightBytes = Buffer.from(weights.buffer);
  const shapeBytes = Buffer.from(shape.buffer);
  const biasBytes = Buffer.from(bias.buffer);
  const bin = Buffer.concat([shapeBytes, weightBytes, biasBytes]);
  const xml = `<?xml version="1.0"?>
<net name="test_model" version="11">
  <layers>
    <layer id="0" name="data" type="Parameter" version="opset1">
      <data shape="1,3,32,32" element_type="f32"/>
      <output><port id="0" precision="FP32" names="data"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port></output>
    </layer>
    <layer id="1" name="flatten_shape" type="Const" version="opset1">
      <data element_type="i64" shape="2" offset="0" size="${shapeBytes.byteLength}"/>
      <output><port id="0" precision="I64"><dim>2</dim></port></output>
    </layer>
    <layer id="2" name="flatten" type="Reshape" version="opset1">
      <data special_zero="false"/>
      <input>
        <port id="0" precision="FP32"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port>
        <port id="1" precision="I64"><dim>2</dim></port>
      </input>
      <output><port id="2" precision="FP32"><dim>1</dim><dim>3072</dim></port></output>
    </layer>
    <layer id="3" name="fc_weights" type="Const" version="opset1">
      <data element_type="f32" shape="3072,10" offset="${shapeBytes.byteLength}" size="${weightBytes.byteLength}"/>
      <output><port id="0" precision="FP32"><dim>3072</dim><dim>10</dim></port></output>
    </layer>
    <layer id="4" name="fc" type="MatMul" version="opset1">
      <data transpose_a="false" transpose_b="false"/>
      <input>
        <port id="0" precision="FP32"><dim>1</dim><dim>3072</dim></port>
        <port id="1" precision="FP32"><dim>3072</dim><dim>10</dim></port>
      </input>
      <output><port id="2" precision="FP32"><dim>1</dim><dim>10</dim></port></output>
    </layer>
    <layer id="5" name="fc_bias" type="Const" version="opset1">
      <data element_type="f32" shape="10" offset="${shapeBytes.byteLength + weightBytes.byteLength}" size="${biasBytes.byteLength}"/>
      <output><port id="0" precision="FP32"><dim>10</dim></port></output>
    </layer>
    <layer id="6" name="fc_out" type="Add" version="opset1">
      <data auto_broadcast="numpy"/>
      <input>
        <port id="0" precision="FP32"><dim>1</dim><dim>10</dim></port>
        <port id="1" precision="FP32"><dim>10</dim></port>
      </input>
      <output><port id="2" precision="FP32" names="fc_out"><dim>1</dim><dim>10</dim></port></output>
    </layer>
    <layer id="7" name="fc_out/result" type="Result" version="opset1">
      <input><port id="0" precision="FP32"><dim>1</dim><dim>10</dim></port></input>
    </layer>
  </layers>
  <edges>
    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
    <edge from-layer="2" from-port="2" to-layer="4" to-port="0"/>
    <edge from-layer="3" from-port="0" to-layer="4" to-port="1"/>
    <edge from-layer="4" from-port="2" to-layer="6" to-port="0"/>
    <edge from-layer="5" from-port="0" to-layer="6" to-port="1"/>
    <edge from-layer="6" from-port="2" to-layer="7" to-port="0"/>
  </edges>
</net>
`;
  const paths = { xml: join(directory, `${name}.xml`), bin: join(directory, `${name}.bin`) };
  await writeFile(paths.xml, xml);
  await writeFile(paths.bin, bin);
  return paths;
}

function weightAt(i: number, j: number): number {
  return (((i * 7 + j * 13) % 17) - 8) / 64;
}

/** The test model's output for `input` (3072 values), computed in float64 arithmetic. */
export function expectedTestModelOutput(input: ArrayLike<number>): number[] {
  return Array.from({ length: 10 }, (_, j) => {
    let sum = j / 10;
    for (let i = 0; i < 3072; i += 1) sum += (input[i] as number) * weightAt(i, j);
    return sum;
  });
}

/** openvino-node's ReLU test model as IR text: `data` f32 [1,3,32,32] -> ReLU (no weights). */
export const reluModelXml = `<?xml version="1.0"?>
<net name="relu_model" version="11">
  <layers>
    <layer id="0" name="data" type="Parameter" version="opset1">
      <data shape="1,3,32,32" element_type="f32"/>
      <output><port id="0" precision="FP32" names="data"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port></output>
    </layer>
    <layer id="1" name="relu" type="ReLU" version="opset1">
      <input><port id="0" precision="FP32"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port></input>
      <output><port id="1" precision="FP32" names="relu_out"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port></output>
    </layer>
    <layer id="2" name="Result_3" type="Result" version="opset1">
      <input><port id="0" precision="FP32"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port></input>
    </layer>
  </layers>
  <edges>
    <edge from-layer="0" from-port="0" to-layer="1" to-port="0"/>
    <edge from-layer="1" from-port="1" to-layer="2" to-port="0"/>
  </edges>
</net>
`;
