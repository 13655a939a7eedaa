"""Runs a .tflite model with TF Lite's own interpreter (LiteRT) for hubvino's validation.

Usage: python litert_reference.py JOB.json

JOB.json: {"model": path, "inputs": [{"name", "elementType", "shape", "file"}], "outputDirectory": path}
Each input file holds the raw little-endian values. Inputs are matched to the interpreter's by tensor
name, else by position. Prints one JSON document on stdout:
{"interpreter": "ai-edge-litert 2.3.0", "outputs": [{"name", "elementType", "shape", "file"}]}
Exit code 3 (and a JSON {"error"}) when no TF Lite interpreter can be imported.

The interpreter is LiteRT's (`ai_edge_litert`, pinned in the base toolchain); TensorFlow's
`tf.lite.Interpreter` is used only when LiteRT is not installed. Both run TF Lite's kernels with
XNNPACK, as TF Lite does by default.
"""

import json
import os
import sys

import numpy as np

TYPES = {
    "f32": np.float32,
    "f16": np.float16,
    "f64": np.float64,
    "u8": np.uint8,
    "i8": np.int8,
    "i16": np.int16,
    "i32": np.int32,
    "i64": np.int64,
    "boolean": np.bool_,
}
NAMES = {np.dtype(value): key for key, value in TYPES.items()}


def load_interpreter(model_path):
    try:
        import ai_edge_litert
        from ai_edge_litert.interpreter import Interpreter

        version = getattr(ai_edge_litert, "__version__", None)
        if version is None:
            from importlib.metadata import version as package_version

            version = package_version("ai-edge-litert")
        return Interpreter(model_path=model_path), f"LiteRT {version} interpreter (ai-edge-litert)"
    except ImportError:
        pass
    try:
        import tensorflow as tf

        return tf.lite.Interpreter(model_path=model_path), f"TensorFlow {tf.__version__} tf.lite.Interpreter"
    except ImportError:
        print(json.dumps({"error": "neither ai-edge-litert nor tensorflow is installed in " + sys.executable}))
        sys.exit(3)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    interpreter, description = load_interpreter(job["model"])
    details = interpreter.get_input_details()
    by_name = {detail["name"]: detail for detail in details}
    feeds = []
    for position, spec in enumerate(job["inputs"]):
        detail = by_name.get(spec["name"]) or details[position]
        value = np.fromfile(spec["file"], dtype=TYPES[spec["elementType"]]).reshape(spec["shape"])
        if list(detail["shape"]) != list(value.shape):
            interpreter.resize_tensor_input(detail["index"], list(value.shape))
        feeds.append((detail, value))
    interpreter.allocate_tensors()
    for detail, value in feeds:
        interpreter.set_tensor(detail["index"], value.astype(detail["dtype"], copy=False))
    interpreter.invoke()
    outputs = []
    for position, detail in enumerate(interpreter.get_output_details()):
        value = np.ascontiguousarray(interpreter.get_tensor(detail["index"]))
        file = os.path.join(job["outputDirectory"], f"litert-output-{position}.bin")
        value.tofile(file)
        outputs.append(
            {
                "name": detail["name"],
                "elementType": NAMES.get(value.dtype, str(value.dtype)),
                "shape": list(value.shape),
                "file": file,
            }
        )
    print(json.dumps({"interpreter": description, "outputs": outputs}))


if __name__ == "__main__":
    main()
