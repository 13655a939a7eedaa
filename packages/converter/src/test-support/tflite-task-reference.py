"""TF Lite interpreter reference for the object-detection and image-segmentation agreement tests.

Run with the dev toolchain's Python (TensorFlow):

    python tflite-task-reference.py MODEL.tflite OUT_DIR MEAN STD IMAGE...

For each image: Pillow decodes it (RGB) and resizes it bilinearly to the model's input size; those
pixels are written to OUT_DIR/<image>.png (so hubvino gets exactly the same pixels: its own resize
to the input size is then the identity) and run through tf.lite.Interpreter (u8 inputs as they are,
float inputs as (x - MEAN) / STD, the model metadata's normalization). Prints one JSON document:

- a detector (four outputs): per image the count, classes, scores and boxes ([ymin, xmin, ymax, xmax],
  relative) of TF Lite's own TFLite_Detection_PostProcess;
- a segmenter (one [1, H, W, C] output): per image the output size, and OUT_DIR/<image>.mask holding
  the argmax class of every output pixel (H * W bytes, row by row).
"""

import json
import os
import sys

import numpy as np
import tensorflow as tf
from PIL import Image


def main():
    model_path, out_dir, mean, std = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    images = sys.argv[5:]
    interpreter = tf.lite.Interpreter(model_path=model_path)
    interpreter.allocate_tensors()
    input_detail = interpreter.get_input_details()[0]
    _, height, width, _ = (int(size) for size in input_detail["shape"])
    outputs = interpreter.get_output_details()
    results = {"inputSize": {"width": width, "height": height}, "images": {}}
    for image_path in images:
        name = os.path.basename(image_path)
        pixels = Image.open(image_path).convert("RGB").resize((width, height), Image.BILINEAR)
        pixels.save(os.path.join(out_dir, f"{name}.png"))
        array = np.asarray(pixels)
        if input_detail["dtype"] == np.float32:
            array = (array.astype(np.float32) - np.float32(mean)) / np.float32(std)
        interpreter.set_tensor(input_detail["index"], array[None].astype(input_detail["dtype"]))
        interpreter.invoke()
        if len(outputs) == 4:
            boxes, classes, scores, count = (interpreter.get_tensor(detail["index"]) for detail in outputs)
            rows = int(count[0])
            results["images"][name] = {
                "count": rows,
                "classes": classes[0, :rows].astype(int).tolist(),
                "scores": scores[0, :rows].tolist(),
                "boxes": boxes[0, :rows].tolist(),
            }
        else:
            scores = interpreter.get_tensor(outputs[0]["index"])[0]
            mask = np.argmax(scores, axis=-1).astype(np.uint8)
            mask.tofile(os.path.join(out_dir, f"{name}.mask"))
            results["images"][name] = {"height": int(mask.shape[0]), "width": int(mask.shape[1])}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
