"""TensorFlow Lite interpreter reference for the pose and audio tests (run with the dev toolchain's Python).

Usage: python tflite-reference.py MODEL.tflite INPUTS.bin OUTPUT.f32

INPUTS.bin holds one or more inputs for the model's single input tensor, back to back, raw and
little-endian in the tensor's own type (uint8 images for MoveNet, float32 waveforms for YAMNet).
Each is run through TensorFlow's own interpreter in turn; OUTPUT.f32 receives the first output of
every run, back to back, as little-endian float32 (dequantized when the output is quantized).
"""

import sys

import numpy as np
import tensorflow as tf


def main():
    model_path, inputs_path, output_path = sys.argv[1:4]
    interpreter = tf.lite.Interpreter(model_path=model_path)
    interpreter.allocate_tensors()
    (input_detail,) = interpreter.get_input_details()
    output_detail = interpreter.get_output_details()[0]
    shape = input_detail["shape"]
    dtype = np.dtype(input_detail["dtype"]).newbyteorder("<")
    inputs = np.fromfile(inputs_path, dtype=dtype)
    per_run = int(np.prod(shape))
    if inputs.size == 0 or inputs.size % per_run != 0:
        raise SystemExit(f"{inputs_path}: {inputs.size} values is not a multiple of the input size {per_run}")
    scale, zero_point = output_detail["quantization"]
    results = []
    for run in range(inputs.size // per_run):
        interpreter.set_tensor(input_detail["index"], inputs[run * per_run : (run + 1) * per_run].reshape(shape))
        interpreter.invoke()
        output = interpreter.get_tensor(output_detail["index"]).astype(np.float32)
        if scale:
            output = scale * (output - zero_point)
        results.append(output.reshape(-1))
    np.concatenate(results).astype("<f4").tofile(output_path)


if __name__ == "__main__":
    main()
