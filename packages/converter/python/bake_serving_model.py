"""Writes the served IR of an image model: the published IR with hubvino's image pre-processing inside.

In-process, @hubvino/runtime extends an image model with OpenVINO PrePostProcessor steps before it
compiles it (packages/runtime/src/tasks/image-preprocessing.ts, prepareImageModel): the model then
takes u8 RGB NHWC images of any size and resizes, scales and reorders them itself. A server runs the
IR file as it is, so `serve-config` saves the same steps into the served IR; remote clients send the
same u8 pixels the in-process engine hands to OpenVINO, and get the same scores.

Keep these steps equal to prepareImageModel (the remote-vs-in-process test compares the results).

    python bake_serving_model.py <model.xml> <output.xml> '<preprocessing JSON from hubvino.json>'
"""

import json
import sys

import openvino as ov
from openvino.preprocess import ColorFormat, PrePostProcessor, ResizeAlgorithm


def bake(source: str, output: str, preprocessing: dict) -> dict:
    core = ov.Core()
    model = core.read_model(source)
    if len(model.inputs) != 1:
        raise SystemExit(f"{source}: an image model must have exactly one input, this one has {len(model.inputs)}")
    port = model.input(0)
    shape = port.get_partial_shape()
    if shape.rank.is_dynamic or shape.rank.get_length() != 4:
        raise SystemExit(f"{source}: an image model's input must be 4-D, '{port.get_any_name()}' is {shape}")
    dims = [d.get_length() if d.is_static else -1 for d in shape]
    layout = preprocessing.get("layout") or ("NCHW" if dims[1] == 3 and dims[3] != 3 else "NHWC")
    height_axis, width_axis, channel_axis = (1, 2, 3) if layout == "NHWC" else (2, 3, 1)
    size = preprocessing["inputSize"]
    fixed = list(dims)
    fixed[0] = 1
    fixed[height_axis] = size["height"]
    fixed[width_axis] = size["width"]
    fixed[channel_axis] = 3
    if fixed != dims:
        model.reshape({port.get_any_name(): ov.PartialShape(fixed)})
    element = port.get_element_type()

    processor = PrePostProcessor(model)
    image = processor.input()
    image.tensor().set_element_type(ov.Type.u8).set_layout(ov.Layout("NHWC")).set_color_format(ColorFormat.RGB).set_spatial_dynamic_shape()
    image.model().set_layout(ov.Layout(layout))
    steps = image.preprocess()
    if element != ov.Type.u8:
        steps.convert_element_type(ov.Type.f32)
    steps.resize(ResizeAlgorithm.RESIZE_LINEAR)
    value_range = preprocessing["valueRange"]
    if value_range == "float-0-1":
        steps.scale(255.0)
    if value_range == "float-minus1-1":
        steps.mean(127.5).scale(127.5)
    if preprocessing.get("colorOrder", "RGB") == "BGR":
        steps.convert_color(ColorFormat.BGR)
    if layout == "NCHW":
        steps.convert_layout(ov.Layout("NCHW"))
    baked = processor.build()
    baked.set_rt_info(json.dumps(preprocessing, sort_keys=True), ["hubvino", "baked_preprocessing"])
    ov.save_model(baked, output, compress_to_fp16=False)
    served = baked.input(0)
    return {
        "name": served.get_any_name(),
        "elementType": served.get_element_type().get_type_name(),
        "shape": [d.get_length() if d.is_static else -1 for d in served.get_partial_shape()],
        "layout": "NHWC",
    }


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    print(json.dumps(bake(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))))
