"""The notebook's end-to-end path, timed: PIL + the openvino Python API classify a folder of JPEGs.

For every image: open and decode with PIL, convert to RGB, resize to the model's input size with
PIL's default filter (as the notebook does), scale (float models: /255 to [0, 1]; uint8 models: as
is), add the batch axis, run the compiled model, take the top 5. Timing covers that whole loop;
the model is read and compiled first (timed separately) and one warm-up image is excluded.

Usage: python openvino_classify.py --model model.xml --images DIR --repetitions R --hint LATENCY
Prints one JSON document on stdout.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import openvino as ov
from PIL import Image


def classify(compiled, size, scale, path):
    image = Image.open(path).convert("RGB").resize((size, size))
    array = np.asarray(image)
    if scale:
        array = array.astype(np.float32) / 255.0
    scores = compiled(array[np.newaxis, ...])[0][0]
    return np.argsort(scores)[-5:][::-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--images", required=True)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--hint", default="LATENCY")
    parser.add_argument("--device", default="CPU")
    parser.add_argument("--shape", help="static input shape for a dynamic model, e.g. 1,224,224,3")
    parser.add_argument(
        "--inference-precision",
        help="INFERENCE_PRECISION_HINT, e.g. f32 (an ONEDNN_MAX_CPU_ISA emulation of a CPU without bf16 needs it)",
    )
    arguments = parser.parse_args()

    files = sorted(
        os.path.join(arguments.images, name)
        for name in os.listdir(arguments.images)
        if name.lower().endswith((".jpg", ".jpeg"))
    )
    if not files:
        print(f"no JPEG files in {arguments.images}", file=sys.stderr)
        sys.exit(2)

    started = time.perf_counter()
    core = ov.Core()
    model = core.read_model(arguments.model)
    if arguments.shape:
        model.reshape([int(value) for value in arguments.shape.split(",")])
    read_ms = (time.perf_counter() - started) * 1000
    compile_started = time.perf_counter()
    config = {"PERFORMANCE_HINT": arguments.hint}
    if arguments.inference_precision:
        config["INFERENCE_PRECISION_HINT"] = arguments.inference_precision
    compiled = core.compile_model(model, arguments.device, config)
    compile_ms = (time.perf_counter() - compile_started) * 1000

    input_port = compiled.input(0)
    size = int(input_port.get_partial_shape()[1].get_length())
    scale = input_port.get_element_type() != ov.Type.u8

    classify(compiled, size, scale, files[0])  # warm-up, excluded

    seconds = []
    top1 = {}
    for _ in range(arguments.repetitions):
        begin = time.perf_counter()
        for path in files:
            top5 = classify(compiled, size, scale, path)
            top1[os.path.basename(path)] = int(top5[0])
        seconds.append(time.perf_counter() - begin)

    json.dump(
        {
            "runtime": f"openvino {ov.get_version().split('-')[0]} + Pillow {Image.__version__}",
            "images": len(files),
            "repetitions": seconds,
            "imagesPerSecond": [len(files) / value for value in seconds],
            "readModelMs": read_ms,
            "compileModelMs": compile_ms,
            "top1": top1,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
