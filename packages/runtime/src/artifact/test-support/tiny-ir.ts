import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
  const dims = (values: number[]) => values.map((value) => `<dim>${value}</dim>`).join('');
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
