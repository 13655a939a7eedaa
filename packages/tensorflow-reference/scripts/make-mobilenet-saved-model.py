"""Writes a Keras MobileNetV2 SavedModel the way TensorFlow's C API can load it (run with the dev venv's python).

Keras 3 MobileNetV2 (weights=None, seeded; BatchNorm statistics calibrated on a seeded random batch so
the logits are O(1)), exported with keras.export.ExportArchive:
  serving_default(inputs: float32[None,224,224,3] in [0,1]) -> {logits: float32[None,1001]}
ExportArchive, not tf.Module + tf.saved_model.save: the latter's variables are not restored by the
session loader that the C API / TF Serving / tfjs-node use ("Could not find variable ...").

Next to <output>/saved_model it stores a fixed input (input.f32, float32 [1,224,224,3]) and TensorFlow's
output for it from the SavedModel as loaded back (logits.f32, float32 [1,1001]), and description.json.

Usage: python make-mobilenet-saved-model.py <output-directory>   (the directory must not exist yet)
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

SEED = 20240611
INPUT_SEED = 7
SIZE = 224
CLASSES = 1001


def main(output_directory):
    os.makedirs(output_directory)
    keras.utils.set_random_seed(SEED)
    model = keras.applications.MobileNetV2(
        input_shape=(SIZE, SIZE, 3), weights=None, classes=CLASSES, classifier_activation=None
    )
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.momentum = 0.0
    model(np.random.default_rng(SEED).random((8, SIZE, SIZE, 3), dtype=np.float32), training=True)

    saved_model = os.path.join(output_directory, "saved_model")
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint(
        name="serving_default",
        fn=lambda inputs: {"logits": model(inputs, training=False)},
        input_signature=[tf.TensorSpec([None, SIZE, SIZE, 3], tf.float32, name="inputs")],
    )
    archive.write_out(saved_model, verbose=False)

    fixed_input = np.random.default_rng(INPUT_SEED).random((1, SIZE, SIZE, 3), dtype=np.float32)
    loaded = tf.saved_model.load(saved_model)
    logits = loaded.signatures["serving_default"](inputs=tf.constant(fixed_input))["logits"].numpy()
    fixed_input.astype("<f4").tofile(os.path.join(output_directory, "input.f32"))
    logits.astype("<f4").tofile(os.path.join(output_directory, "logits.f32"))
    with open(os.path.join(output_directory, "description.json"), "w") as handle:
        json.dump(
            {
                "tensorflowVersion": tf.__version__,
                "kerasVersion": keras.__version__,
                "input": {"name": "inputs", "shape": list(fixed_input.shape)},
                "output": {"name": "logits", "shape": list(logits.shape)},
                "top1": [int(i) for i in np.argmax(logits, axis=1)],
            },
            handle,
            indent=2,
        )
        handle.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: make-mobilenet-saved-model.py <output-directory>", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
