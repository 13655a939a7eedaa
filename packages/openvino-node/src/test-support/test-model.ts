import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Output channels of the test model's convolution. */
const channels = 4;

/** Convolution weight [out, in, ky, kx]: small, deterministic, asymmetric in ky/kx. */
function convWeight(out: number, input: number, ky: number, kx: number): number {
  return (((out * 11 + input * 5 + ky * 3 + kx * 7) % 13) - 6) / 32;
}

/** Fully connected weight [in, out] and bias. */
function fcWeight(input: number, out: number): number {
  return (((input * 7 + out * 3) % 11) - 5) / 8;
}
const bias = (out: number): number => out / 10;

/**
 * Writes a small IR like openvino-node's test model (net `test_model`, input `data` f32
 * [1,3,32,32], output `fc_out` f32 [1,10]): Convolution 3->4 channels (3x3, padding 1) ->
 * ReduceMean over H and W -> MatMul [4,10] -> Add bias. Like the real one it accepts other spatial
 * sizes and batch sizes after reshape. Weights are small integers over 32 and 8, so expected
 * outputs are plain arithmetic ({@link expectedTestModelOutput}).
 */
export async function writeTestModel(
  directory: string,
  name = 'test_model_fp32',
): Promise<{ xml: string; bin: string }> {
  const conv = new Float32Array(channels * 3 * 3 * 3);
  for (let o = 0; o < channels; o += 1)
    for (let i = 0; i < 3; i += 1)
      for (let y = 0; y < 3; y += 1)
        for (let x = 0; x < 3; x += 1) conv[((o * 3 + i) * 3 + y) * 3 + x] = convWeight(o, i, y, x);
  const axes = new BigInt64Array([2n, 3n]);
  const fc = new Float32Array(channels * 10);
  for (let i = 0; i < channels; i += 1) for (let o = 0; o < 10; o += 1) fc[i * 10 + o] = fcWeight(i, o);
  const biases = Float32Array.from({ length: 10 }, (_, o) => bias(o));
  const parts = [conv, axes, fc, biases].map((array) => Buffer.from(array.buffer));
  const offsets: number[] = [];
  let offset = 0;
  for (const part of parts) {
    offsets.push(offset);
    offset += part.byteLength;
  }
  const [convBytes, axesBytes, fcBytes, biasBytes] = parts as [Buffer, Buffer, Buffer, Buffer];
  const xml = `<?xml version="1.0"?>
<net name="test_model" version="11">
  <layers>
    <layer id="0" name="data" type="Parameter" version="opset1">
      <data shape="1,3,32,32" element_type="f32"/>
      <output><port id="0" precision="FP32" names="data"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port></output>
    </layer>
    <layer id="1" name="conv_weights" type="Const" version="opset1">
      <data element_type="f32" shape="${channels},3,3,3" offset="${offsets[0]}" size="${convBytes.byteLength}"/>
      <output><port id="0" precision="FP32"><dim>${channels}</dim><dim>3</dim><dim>3</dim><dim>3</dim></port></output>
    </layer>
    <layer id="2" name="conv" type="Convolution" version="opset1">
      <data strides="1,1" dilations="1,1" pads_begin="1,1" pads_end="1,1" auto_pad="explicit"/>
      <input>
        <port id="0" precision="FP32"><dim>1</dim><dim>3</dim><dim>32</dim><dim>32</dim></port>
        <port id="1" precision="FP32"><dim>${channels}</dim><dim>3</dim><dim>3</dim><dim>3</dim></port>
      </input>
      <output><port id="2" precision="FP32"><dim>1</dim><dim>${channels}</dim><dim>32</dim><dim>32</dim></port></output>
    </layer>
    <layer id="3" name="pool_axes" type="Const" version="opset1">
      <data element_type="i64" shape="2" offset="${offsets[1]}" size="${axesBytes.byteLength}"/>
      <output><port id="0" precision="I64"><dim>2</dim></port></output>
    </layer>
    <layer id="4" name="pool" type="ReduceMean" version="opset1">
      <data keep_dims="false"/>
      <input>
        <port id="0" precision="FP32"><dim>1</dim><dim>${channels}</dim><dim>32</dim><dim>32</dim></port>
        <port id="1" precision="I64"><dim>2</dim></port>
      </input>
      <output><port id="2" precision="FP32"><dim>1</dim><dim>${channels}</dim></port></output>
    </layer>
    <layer id="5" name="fc_weights" type="Const" version="opset1">
      <data element_type="f32" shape="${channels},10" offset="${offsets[2]}" size="${fcBytes.byteLength}"/>
      <output><port id="0" precision="FP32"><dim>${channels}</dim><dim>10</dim></port></output>
    </layer>
    <layer id="6" name="fc" type="MatMul" version="opset1">
      <data transpose_a="false" transpose_b="false"/>
      <input>
        <port id="0" precision="FP32"><dim>1</dim><dim>${channels}</dim></port>
        <port id="1" precision="FP32"><dim>${channels}</dim><dim>10</dim></port>
      </input>
      <output><port id="2" precision="FP32"><dim>1</dim><dim>10</dim></port></output>
    </layer>
    <layer id="7" name="fc_bias" type="Const" version="opset1">
      <data element_type="f32" shape="10" offset="${offsets[3]}" size="${biasBytes.byteLength}"/>
      <output><port id="0" precision="FP32"><dim>10</dim></port></output>
    </layer>
    <layer id="8" name="fc_out" type="Add" version="opset1">
      <data auto_broadcast="numpy"/>
      <input>
        <port id="0" precision="FP32"><dim>1</dim><dim>10</dim></port>
        <port id="1" precision="FP32"><dim>10</dim></port>
      </input>
      <output><port id="2" precision="FP32" names="fc_out"><dim>1</dim><dim>10</dim></port></output>
    </layer>
    <layer id="9" name="fc_out/result" type="Result" version="opset1">
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
    <edge from-layer="6" from-port="2" to-layer="8" to-port="0"/>
    <edge from-layer="7" from-port="0" to-layer="8" to-port="1"/>
    <edge from-layer="8" from-port="2" to-layer="9" to-port="0"/>
  </edges>
</net>
`;
  const paths = { xml: join(directory, `${name}.xml`), bin: join(directory, `${name}.bin`) };
  await writeFile(paths.xml, xml);
  await writeFile(paths.bin, Buffer.concat(parts));
  return paths;
}

/**
 * The test model's output for an NCHW `input` of batch 1 and `height` x `width` pixels, computed
 * in float64: zero-padded 3x3 convolution, mean over the pixels, then the fully connected layer.
 */
export function expectedTestModelOutput(input: ArrayLike<number>, height = 32, width = 32): number[] {
  const pooled = new Array<number>(channels).fill(0);
  for (let o = 0; o < channels; o += 1) {
    let sum = 0;
    for (let y = 0; y < height; y += 1)
      for (let x = 0; x < width; x += 1)
        for (let i = 0; i < 3; i += 1)
          for (let ky = 0; ky < 3; ky += 1)
            for (let kx = 0; kx < 3; kx += 1) {
              const sy = y + ky - 1;
              const sx = x + kx - 1;
              if (sy < 0 || sx < 0 || sy >= height || sx >= width) continue;
              sum += (input[(i * height + sy) * width + sx] as number) * convWeight(o, i, ky, kx);
            }
    pooled[o] = sum / (height * width);
  }
  return Array.from({ length: 10 }, (_, out) => {
    let value = bias(out);
    for (let i = 0; i < channels; i += 1) value += (pooled[i] as number) * fcWeight(i, out);
    return value;
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
