"""Runs an OpenVINO IR once on CPU with FP32 inference precision (test support for the TensorFlow
reference: the OpenVINO side of the TensorFlow-vs-IR agreement tests, until @hubvino/runtime's Core
is public). Run with the dev toolchain's python.

Usage: python openvino-infer.py <model.xml> <input.f32> <comma-separated input shape> <output.f32>
The input is raw little-endian float32 for the model's single input; the first output is written the
same way. Prints {"shape": [...], "inferencePrecision": "..."} on stdout.
"""

import json
import sys

import numpy as np
import openvino as ov


def main(model_path, input_path, shape_text, output_path):
    shape = [int(part) for part in shape_text.split(",")]
    data = np.fromfile(input_path, dtype="<f4").reshape(shape)
    core = ov.Core()
    # FP32 on purpose: the CPU plugin may otherwise pick bf16 on CPUs that support it.
    compiled = core.compile_model(core.read_model(model_path), "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    result = compiled.create_infer_request().infer({0: data})
    output = np.asarray(result[compiled.outputs[0]], dtype=np.float32)
    output.astype("<f4").tofile(output_path)
    hint = compiled.get_property("INFERENCE_PRECISION_HINT")
    precision = hint.to_string() if hasattr(hint, "to_string") else str(hint)
    print(json.dumps({"shape": list(output.shape), "inferencePrecision": precision}))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(*sys.argv[1:])
