// openvino-node's hello_classification sample logic (openvinotoolkit/openvino,
// samples/js/node/hello_classification), written against `require('openvino-node')` exactly as an
// openvino-node app would: read model, PrePostProcessor, compile, infer, top-5. Only the image
// decoding differs (sharp instead of the sample's OpenCV/canvas helper).
// Usage: node hello-classification.cjs <model.xml> <image> <device> <labels.txt>
const fs = require('node:fs');
const { addon: ov } = require('openvino-node');
const sharp = require('sharp');

async function main(modelPath, imagePath, deviceName, labelsPath) {
  //----------------- Step 1. Initialize OpenVINO Runtime Core -----------------
  console.log('Creating OpenVINO Runtime Core');
  const core = new ov.Core();

  //----------------- Step 2. Read a model -------------------------------------
  console.log(`Reading the model: ${modelPath}`);
  const model = await core.readModel(modelPath);

  if (model.inputs.length !== 1) throw new Error('Sample supports only single input topologies');
  if (model.outputs.length !== 1) throw new Error('Sample supports only single output topologies');

  //----------------- Step 3. Set up input -------------------------------------
  const { data, info } = await sharp(imagePath).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const tensorData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const shape = [1, info.height, info.width, 3];
  const inputTensor = new ov.Tensor(ov.element.u8, shape, tensorData);

  //----------------- Step 4. Apply preprocessing ------------------------------
  const _ppp = new ov.preprocess.PrePostProcessor(model);
  _ppp.input().tensor().setShape(shape).setElementType(ov.element.u8).setLayout('NHWC');
  _ppp.input().preprocess().resize(ov.preprocess.resizeAlgorithm.RESIZE_LINEAR);
  _ppp.input().model().setLayout('NHWC');
  _ppp.output().tensor().setElementType(ov.element.f32);
  _ppp.build();

  //----------------- Step 5. Loading model to the device ----------------------
  console.log('Loading the model to the plugin');
  const compiledModel = await core.compileModel(model, deviceName);

  //----------------- Step 6. Create infer request and do inference synchronously
  console.log('Starting inference in synchronous mode');
  const inferRequest = compiledModel.createInferRequest();
  inferRequest.setInputTensor(inputTensor);
  inferRequest.infer();

  //----------------- Step 7. Process output -----------------------------------
  const outputLayer = compiledModel.outputs[0];
  const resultInfer = inferRequest.getTensor(outputLayer);
  const predictions = Array.from(resultInfer.data)
    .map((prediction, classId) => ({ prediction, classId }))
    .sort(({ prediction: a }, { prediction: b }) => (a === b ? 0 : a > b ? -1 : 1));
  const labels = fs.readFileSync(labelsPath, 'utf8').split('\n');

  console.log(`Image path: ${imagePath}`);
  console.log('Top 5 results:');
  console.log('class_id probability label');
  for (const { classId, prediction } of predictions.slice(0, 5)) {
    console.log(`${classId}\t${prediction.toFixed(7)}\t${labels[classId]}`);
  }
}

main(...process.argv.slice(2, 6)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
