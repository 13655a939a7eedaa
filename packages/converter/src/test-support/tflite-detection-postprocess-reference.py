"""Checks the rebuilt TFLite_Detection_PostProcess against TF Lite's own kernel, on TF Lite's tensors.

Run with the dev toolchain's Python (TensorFlow + OpenVINO):

    python tflite-detection-postprocess-reference.py MODEL.tflite IMAGE...
    python tflite-detection-postprocess-reference.py --with-options SOURCE.tflite OUT.tflite '{"use_regular_nms": true}'

First form: for each image (RGB, bilinear-resized to the model input by Pillow) the TF Lite
interpreter runs the whole model, keeping every tensor. The op's three input tensors (box
encodings, class scores, anchors) are dequantized with TF Lite's formula ((q - zero_point) * scale,
float32) and fed to the post-processing that the converter builds
(packages/converter/python/tflite_detection_postprocess.py, build_postprocess) alone, compiled on
CPU with f32 inference precision. Prints one JSON document: per image TF Lite's and OpenVINO's count,
classes, scores and boxes.

Second form: writes a copy of SOURCE with options changed in the op's flexbuffer (e.g. TF Lite's
per-class NMS variant, or several classes per detection), so each variant can be compared with TF Lite.
"""

import importlib.util
import json
import os
import sys

import numpy as np
import openvino as ov
import openvino.opset13 as ops
import tensorflow as tf
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "python", "tflite_detection_postprocess.py")
OP_TYPE = "TFLite_Detection_PostProcess"


def load_converter():
    spec = importlib.util.spec_from_file_location("tflite_detection_postprocess", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_with_options(source, target, changes):
    from flatbuffers import flexbuffers
    from tensorflow.lite.tools import flatbuffer_utils

    model = flatbuffer_utils.read_model(source)
    changed = 0
    for code_index, code in enumerate(model.operatorCodes):
        if code.customCode and code.customCode.decode() == OP_TYPE:
            for operator in model.subgraphs[0].operators:
                if operator.opcodeIndex == code_index:
                    options = flexbuffers.Loads(bytes(operator.customOptions))
                    options.update(changes)
                    operator.customOptions = list(flexbuffers.Dumps(options))
                    changed += 1
    if changed != 1:
        raise SystemExit(f"expected one {OP_TYPE} op in {source}, found {changed}")
    flatbuffer_utils.write_model(model, target)


def dequantize(detail, value):
    scale, zero_point = detail["quantization"]
    if value.dtype == np.float32 or scale == 0:
        return value.astype(np.float32)
    return ((value.astype(np.float32) - np.float32(zero_point)) * np.float32(scale)).astype(np.float32)


def main():
    if sys.argv[1] == "--with-options":
        copy_with_options(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
        return
    model_path, images = sys.argv[1], sys.argv[2:]
    converter = load_converter()
    [options] = converter.read_all_options(model_path)

    interpreter = tf.lite.Interpreter(model_path=model_path, experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    [operator] = [op for op in interpreter._get_ops_details() if op["op_name"] == OP_TYPE]
    details = {detail["index"]: detail for detail in interpreter.get_tensor_details()}
    encodings_index, scores_index, anchors_index = operator["inputs"]
    input_detail = interpreter.get_input_details()[0]
    _, height, width, _ = input_detail["shape"]

    anchors = dequantize(details[anchors_index], interpreter.get_tensor(anchors_index))
    encodings_shape = [int(size) for size in details[encodings_index]["shape"]]
    scores_shape = [int(size) for size in details[scores_index]["shape"]]
    encodings_parameter = ops.parameter(encodings_shape, np.float32, name="box_encodings")
    scores_parameter = ops.parameter(scores_shape, np.float32, name="class_scores")
    outputs = converter.build_postprocess(
        [encodings_parameter.output(0), scores_parameter.output(0), ops.constant(anchors).output(0)], dict(options)
    )
    model = ov.Model(outputs, [encodings_parameter, scores_parameter], "postprocess")
    compiled = ov.Core().compile_model(model, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})

    results = {"options": options, "images": {}}
    for image_path in images:
        pixels = Image.open(image_path).convert("RGB").resize((width, height), Image.BILINEAR)
        batch = np.asarray(pixels, dtype=input_detail["dtype"])[None]
        interpreter.set_tensor(input_detail["index"], batch)
        interpreter.invoke()
        tflite = [interpreter.get_tensor(detail["index"]) for detail in interpreter.get_output_details()]
        encodings = dequantize(details[encodings_index], interpreter.get_tensor(encodings_index))
        scores = dequantize(details[scores_index], interpreter.get_tensor(scores_index))
        openvino = compiled([encodings, scores])
        openvino = [openvino[index] for index in range(4)]

        def summary(outputs):
            # count is the number of selected anchors; fast NMS writes max_classes_per_detection rows each.
            count = int(outputs[3][0])
            rows = count * (outputs[1].shape[1] // options["max_detections"])
            return {
                "count": count,
                "classes": outputs[1][0, :rows].tolist(),
                "scores": outputs[2][0, :rows].tolist(),
                "boxes": outputs[0][0, :rows].tolist(),
            }

        results["images"][os.path.basename(image_path)] = {"tflite": summary(tflite), "openvino": summary(openvino)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
