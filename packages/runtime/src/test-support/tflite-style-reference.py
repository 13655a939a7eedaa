"""TensorFlow Lite reference for the style-transfer tests (run with the base toolchain's Python).

Usage: python tflite-style-reference.py PREDICTION.tflite TRANSFER.tflite STYLE.u8 CONTENT.u8 OUT_DIR

STYLE.u8 is 1x256x256x3 and CONTENT.u8 1x384x384x3 raw RGB bytes (sizes from the models' inputs).
Both are scaled to [0, 1] as the models expect, then run through TF Lite's own interpreter (LiteRT,
the base toolchain's ai-edge-litert; TensorFlow's tf.lite.Interpreter when LiteRT is absent).
Writes OUT_DIR/bottleneck.f32 (the style bottleneck) and OUT_DIR/stylized.f32 (the transfer output),
little-endian float32.
"""

import os
import sys

import numpy as np

try:
    from ai_edge_litert.interpreter import Interpreter
except ImportError:  # the dev toolchain's TensorFlow
    import tensorflow as tf

    Interpreter = tf.lite.Interpreter


def run(model_path, feeds):
    interpreter = Interpreter(model_path=model_path)
    interpreter.allocate_tensors()
    for detail in interpreter.get_input_details():
        value = feeds[detail["name"]]
        interpreter.set_tensor(detail["index"], value.reshape(detail["shape"]).astype(np.float32))
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])


def main():
    prediction_path, transfer_path, style_path, content_path, out_dir = sys.argv[1:6]
    style = np.fromfile(style_path, dtype=np.uint8).astype(np.float32) / 255.0
    content = np.fromfile(content_path, dtype=np.uint8).astype(np.float32) / 255.0
    bottleneck = run(prediction_path, {"style_image": style})
    transfer = Interpreter(model_path=transfer_path)
    transfer.allocate_tensors()
    for detail in transfer.get_input_details():
        value = content if detail["name"] == "content_image" else bottleneck
        transfer.set_tensor(detail["index"], value.reshape(detail["shape"]).astype(np.float32))
    transfer.invoke()
    stylized = transfer.get_tensor(transfer.get_output_details()[0]["index"])
    bottleneck.astype("<f4").tofile(os.path.join(out_dir, "bottleneck.f32"))
    stylized.astype("<f4").tofile(os.path.join(out_dir, "stylized.f32"))


if __name__ == "__main__":
    main()
