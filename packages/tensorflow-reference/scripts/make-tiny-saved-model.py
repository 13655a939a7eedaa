"""Writes a tiny TF2 SavedModel for the tensorflow-reference tests (run with the dev venv's python).

Signatures (tag "serve"):
- serving_default(images: float32[None,8,8,3]) -> {logits: float32[None,10]}
  a 3x3 convolution, ReLU, global average pooling and a dense layer with fixed random weights;
- affine(x: float32[None,4], offset: int32[]) -> {scaled: float32[None,4], shifted: float32[None,4]}
  scaled = 2 * x, shifted = x + offset (two inputs, two outputs, an int32 input).

Next to the SavedModel (<output>/saved_model) it stores a fixed input and TensorFlow's own output for
serving_default as raw little-endian float32 files (input.f32, logits.f32) and description.json.

Usage: python make-tiny-saved-model.py <output-directory>   (the directory must not exist yet)
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

SEED = 1234


class Tiny(tf.Module):
    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(SEED)
        self.kernel = tf.Variable(rng.standard_normal((3, 3, 3, 16)).astype(np.float32) * 0.5)
        self.bias = tf.Variable(rng.standard_normal((16,)).astype(np.float32) * 0.1)
        self.dense = tf.Variable(rng.standard_normal((16, 10)).astype(np.float32))
        self.dense_bias = tf.Variable(rng.standard_normal((10,)).astype(np.float32) * 0.1)

    @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 3], tf.float32, name="images")])
    def classify(self, images):
        features = tf.nn.relu(tf.nn.conv2d(images, self.kernel, strides=1, padding="SAME") + self.bias)
        pooled = tf.reduce_mean(features, axis=[1, 2])
        return {"logits": tf.matmul(pooled, self.dense) + self.dense_bias}

    @tf.function(
        input_signature=[
            tf.TensorSpec([None, 4], tf.float32, name="x"),
            tf.TensorSpec([], tf.int32, name="offset"),
        ]
    )
    def affine(self, x, offset):
        return {"scaled": x * 2.0, "shifted": x + tf.cast(offset, tf.float32)}


def main(output_directory):
    os.makedirs(output_directory)
    module = Tiny()
    saved_model = os.path.join(output_directory, "saved_model")
    tf.saved_model.save(
        module, saved_model, signatures={"serving_default": module.classify, "affine": module.affine}
    )
    fixed_input = np.random.default_rng(SEED + 1).random((2, 8, 8, 3), dtype=np.float32)
    loaded = tf.saved_model.load(saved_model)
    logits = loaded.signatures["serving_default"](images=tf.constant(fixed_input))["logits"].numpy()
    fixed_input.astype("<f4").tofile(os.path.join(output_directory, "input.f32"))
    logits.astype("<f4").tofile(os.path.join(output_directory, "logits.f32"))
    with open(os.path.join(output_directory, "description.json"), "w") as handle:
        json.dump(
            {
                "tensorflowVersion": tf.__version__,
                "input": {"name": "images", "shape": list(fixed_input.shape)},
                "output": {"name": "logits", "shape": list(logits.shape)},
                "top1": [int(i) for i in np.argmax(logits, axis=1)],
            },
            handle,
            indent=2,
        )
        handle.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: make-tiny-saved-model.py <output-directory>", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
