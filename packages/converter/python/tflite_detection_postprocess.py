"""Converts a TF Lite SSD detector whose graph ends in the `TFLite_Detection_PostProcess` custom op.

Run with the OpenVINO toolchain's Python (the venv that provides ovc):

    python tflite_detection_postprocess.py MODEL.tflite OUTPUT.xml --compress-to-fp16 {True,False}

OpenVINO's TF Lite frontend has no translator for the custom op. This script registers one as a
ConversionExtension: it reads the op's options from its flexbuffer (the frontend exposes them as
attributes) and rebuilds TF Lite's kernel (tensorflow/lite/kernels/detection_postprocess.cc) from
ordinary opset-13 operations:

- dequantize the box encodings and class scores when they are u8/i8 (the frontend hands them over
  as Convert(FakeQuantize(real)); the FakeQuantize's ranges give the tensor's scale and zero point),
- decode centre-size encodings against the anchors into [ymin, xmin, ymax, xmax],
- fast class-agnostic NMS (`use_regular_nms` false: each anchor's best `max_classes_per_detection`
  classes, NMS on the best score) or regular per-class NMS (`use_regular_nms` true: NMS per class
  with `detections_per_class`, the best `max_detections` over all classes),
- the op's four outputs: boxes [1, D, 4], classes [1, D], scores [1, D] (float32, zero past the
  count) and the count [1] (float32), D = max_detections * max_classes_per_detection (fast) or
  max_detections (regular).

Prints one JSON line with the op's options on stdout. Exit 2 when the model has no such op.
"""

import argparse
import json
import sys

import numpy as np
import openvino as ov
import openvino.opset13 as ops
from openvino.frontend import ConversionExtension, FrontEndManager

OP_TYPE = "TFLite_Detection_PostProcess"
# TF Lite's defaults for options a flexbuffer may leave out (detection_postprocess.cc, Init).
DEFAULT_DETECTIONS_PER_CLASS = 100
DEFAULT_USE_REGULAR_NMS = False

def option(ctx, name, default=None):
    if ctx.has_attribute(name):
        return ctx.get_attribute(name)
    if default is None:
        raise ValueError(f"{OP_TYPE} has no '{name}' option in its flexbuffer")
    return default


def scalar(value, dtype=np.float32):
    return ops.constant(np.array(value, dtype=dtype))


def ints(values):
    return ops.constant(np.array(values, dtype=np.int64))


def dequantized(output, what):
    """The real values of an op input: float inputs as they are, u8/i8 through their quantization."""
    element_type = output.get_element_type()
    if element_type == ov.Type.f32:
        return output
    if element_type not in (ov.Type.u8, ov.Type.i8):
        raise ValueError(f"{OP_TYPE}: the {what} are {element_type}; only f32, u8 and i8 are supported")
    convert = output.get_node()
    producer = convert.input_value(0).get_node() if convert.get_type_name() == "Convert" else None
    if producer is None or producer.get_type_name() != "FakeQuantize":
        raise ValueError(
            f"{OP_TYPE}: cannot find the quantization of the {what} (expected the TF Lite frontend's "
            "Convert(FakeQuantize(...)) in front of the op)"
        )
    ranges = [producer.input_value(index).get_node() for index in range(1, 5)]
    if any(node.get_type_name() != "Constant" for node in ranges):
        raise ValueError(f"{OP_TYPE}: the quantization ranges of the {what} are not constants")
    input_low, input_high, output_low, output_high = (float(node.get_data().reshape(-1)[0]) for node in ranges)
    levels = output_high - output_low
    scale = np.float32((input_high - input_low) / levels)
    zero_point = np.float32(round(output_low - input_low / float(scale)))
    # The FakeQuantize output holds the integer levels q as floats; TF Lite computes (q - zp) * scale.
    levels_output = producer.output(0)
    return ops.multiply(ops.subtract(levels_output, scalar(zero_point)), scalar(scale)).output(0)


def component(tensor, index):
    """tensor[..., index] keeping the last axis (size 1)."""
    return ops.slice(tensor, ints([index]), ints([index + 1]), ints([1]), ints([-1])).output(0)


def decode_boxes(encodings, anchors, scales):
    """Centre-size encodings [1, N, >=4] + anchors [N, 4] (y, x, h, w) -> corners [1, N, 4]."""
    y_scale, x_scale, h_scale, w_scale = scales
    anchors = ops.unsqueeze(anchors, ints([0])).output(0)
    ty, tx, th, tw = (component(encodings, index) for index in range(4))
    ay, ax, ah, aw = (component(anchors, index) for index in range(4))
    y_center = ops.add(ops.multiply(ops.divide(ty, scalar(y_scale)), ah), ay)
    x_center = ops.add(ops.multiply(ops.divide(tx, scalar(x_scale)), aw), ax)
    half_h = ops.multiply(ops.multiply(scalar(0.5), ops.exp(ops.divide(th, scalar(h_scale)))), ah)
    half_w = ops.multiply(ops.multiply(scalar(0.5), ops.exp(ops.divide(tw, scalar(w_scale)))), aw)
    return ops.concat(
        [
            ops.subtract(y_center, half_h),
            ops.subtract(x_center, half_w),
            ops.add(y_center, half_h),
            ops.add(x_center, half_w),
        ],
        axis=-1,
    ).output(0)


def first_rows(tensor, count):
    """tensor[:count] along axis 0 (count a [1] i64 tensor)."""
    return ops.slice(tensor, ints([0]), count, ints([1]), ints([0])).output(0)


def padded(tensor, rows, zero_row_shape):
    """tensor [M, ...] padded with zeros (or cut) to [rows, ...]."""
    zeros = ops.constant(np.zeros([rows, *zero_row_shape], dtype=np.float32))
    joined = ops.concat([tensor, zeros], axis=0)
    return ops.slice(joined, ints([0]), ints([rows]), ints([1]), ints([0])).output(0)


def non_max_suppression(boxes, scores, max_per_class, iou_threshold, score_threshold):
    """OpenVINO NMS (opset 9 semantics in opset 13): selected [M, 3] i64 rows (batch, class, box),
    scores [M, 3] and the count [1]; best score first."""
    nms = ops.non_max_suppression(
        boxes,
        scores,
        max_output_boxes_per_class=ints([max_per_class]),
        iou_threshold=scalar([iou_threshold]),
        score_threshold=scalar([score_threshold]),
        box_encoding="corner",
        sort_result_descending=True,
        output_type="i64",
    )
    count = ops.convert(nms.output(2), "i64").output(0)
    return first_rows(nms.output(0), count), first_rows(nms.output(1), count), count


def read_options(ctx):
    """The op's options (its flexbuffer, which the frontend exposes as attributes)."""
    return {
        "max_detections": int(option(ctx, "max_detections")),
        "max_classes_per_detection": int(option(ctx, "max_classes_per_detection")),
        "detections_per_class": int(option(ctx, "detections_per_class", DEFAULT_DETECTIONS_PER_CLASS)),
        "use_regular_nms": bool(option(ctx, "use_regular_nms", DEFAULT_USE_REGULAR_NMS)),
        "nms_score_threshold": float(option(ctx, "nms_score_threshold")),
        "nms_iou_threshold": float(option(ctx, "nms_iou_threshold")),
        "num_classes": int(option(ctx, "num_classes")),
        "y_scale": float(option(ctx, "y_scale")),
        "x_scale": float(option(ctx, "x_scale")),
        "h_scale": float(option(ctx, "h_scale")),
        "w_scale": float(option(ctx, "w_scale")),
    }


def build_postprocess(inputs, options):
    """The op's four outputs built from its three inputs (box encodings, class scores, anchors)."""
    encodings = dequantized(inputs[0], "box encodings")
    class_scores = dequantized(inputs[1], "class scores")
    anchors = dequantized(inputs[2], "anchors")
    classes_with_background = class_scores.get_partial_shape()[2].get_length()
    num_classes = options["num_classes"]
    label_offset = classes_with_background - num_classes
    if label_offset not in (0, 1):
        raise ValueError(f"{OP_TYPE}: {classes_with_background} score columns for {num_classes} classes")
    options["label_offset"] = label_offset

    boxes = decode_boxes(encodings, anchors, (options["y_scale"], options["x_scale"], options["h_scale"], options["w_scale"]))
    scores = ops.slice(class_scores, ints([label_offset]), ints([classes_with_background]), ints([1]), ints([2])).output(0)
    max_detections = options["max_detections"]
    box_rows = ops.squeeze(boxes, ints([0])).output(0)  # [N, 4]

    if options["use_regular_nms"]:
        per_class = ops.transpose(scores, ints([0, 2, 1])).output(0)  # [1, C, N]
        selected, selected_scores, count = non_max_suppression(
            boxes, per_class, options["detections_per_class"], options["nms_iou_threshold"], options["nms_score_threshold"]
        )
        kept = ops.minimum(count, ints([max_detections])).output(0)
        selected = first_rows(selected, kept)
        selected_scores = first_rows(selected_scores, kept)
        box_index = ops.squeeze(component(selected, 2), ints([1]))
        class_index = ops.convert(ops.squeeze(component(selected, 1), ints([1])), "f32")
        out_boxes = padded(ops.gather(box_rows, box_index, 0).output(0), max_detections, [4])
        out_classes = padded(class_index.output(0), max_detections, [])
        out_scores = padded(ops.squeeze(component(selected_scores, 2), ints([1])).output(0), max_detections, [])
        rows = max_detections
        count = kept
    else:
        per_anchor = min(options["max_classes_per_detection"], num_classes)
        top = ops.topk(scores, scalar(per_anchor, np.int64), axis=2, mode="max", sort="value", index_element_type="i64", stable=True)
        best = ops.unsqueeze(ops.squeeze(component(top.output(0), 0), ints([2])), ints([1])).output(0)  # [1, 1, N]
        selected, _, count = non_max_suppression(
            boxes, best, max_detections, options["nms_iou_threshold"], options["nms_score_threshold"]
        )
        box_index = ops.squeeze(component(selected, 2), ints([1])).output(0)  # [M]
        top_scores = ops.gather(ops.squeeze(top.output(0), ints([0])), box_index, 0).output(0)  # [M, K]
        top_classes = ops.convert(ops.gather(ops.squeeze(top.output(1), ints([0])), box_index, 0), "f32").output(0)
        picked_boxes = ops.gather(box_rows, box_index, 0).output(0)  # [M, 4]
        # Each selected anchor contributes K rows (its K best classes), all with the anchor's box;
        # TF Lite lays them out with a stride of max_classes_per_detection.
        stride = options["max_classes_per_detection"]
        if stride != per_anchor:
            raise ValueError(f"{OP_TYPE}: max_classes_per_detection {stride} above num_classes {num_classes} is not supported")
        selected_count = ops.gather(ops.shape_of(picked_boxes, "i64"), ints([0]), 0)
        target_shape = ops.concat([selected_count, ints([per_anchor, 4])], 0)
        repeated_boxes = ops.reshape(
            ops.broadcast(ops.unsqueeze(picked_boxes, ints([1])), target_shape), ints([-1, 4]), special_zero=False
        ).output(0)
        rows = max_detections * stride
        out_boxes = padded(repeated_boxes, rows, [4])
        out_classes = padded(ops.reshape(top_classes, ints([-1]), special_zero=False).output(0), rows, [])
        out_scores = padded(ops.reshape(top_scores, ints([-1]), special_zero=False).output(0), rows, [])

    return [
        ops.reshape(out_boxes, ints([1, rows, 4]), special_zero=False).output(0),
        ops.reshape(out_classes, ints([1, rows]), special_zero=False).output(0),
        ops.reshape(out_scores, ints([1, rows]), special_zero=False).output(0),
        ops.convert(count, "f32").output(0),
    ]


def read_all_options(path):
    """Pass 1: the options of every TFLite_Detection_PostProcess op, in graph order. The extension
    only records them (TF Lite's quantization parameters are not visible to an extension, so the
    outputs it returns are placeholders and this model is thrown away)."""
    recorded = []

    def record(ctx):
        recorded.append(read_options(ctx))
        max_detections = recorded[-1]["max_detections"] * recorded[-1]["max_classes_per_detection"]
        zeros = lambda shape: ops.constant(np.zeros(shape, dtype=np.float32)).output(0)
        return [zeros([1, max_detections, 4]), zeros([1, max_detections]), zeros([1, max_detections]), zeros([1])]

    frontend = FrontEndManager().load_by_framework("tflite")
    frontend.add_extension(ConversionExtension(OP_TYPE, record))
    frontend.convert(frontend.load(path))
    return recorded


def convert(path):
    """Pass 2: convert_partially() leaves the op as a framework node whose inputs are ordinary
    OpenVINO outputs (quantized ones as Convert(FakeQuantize(...))); its outputs are rewired to the
    post-processing built from those inputs."""
    recorded = read_all_options(path)
    if not recorded:
        return None, []
    frontend = FrontEndManager().load_by_framework("tflite")
    model = frontend.convert_partially(frontend.load(path))
    nodes = [
        node
        for node in model.get_ordered_ops()
        if "FrameworkNode" in node.get_type_name() and node.get_input_size() == 3 and node.get_output_size() == 4
    ]
    others = [node for node in model.get_ordered_ops() if "FrameworkNode" in node.get_type_name() and node not in nodes]
    if others:
        names = ", ".join(sorted({node.get_friendly_name() for node in others}))
        raise ValueError(f"the model has other operations OpenVINO cannot convert ({names})")
    if len(nodes) != len(recorded):
        raise ValueError(f"found {len(nodes)} post-processing nodes for {len(recorded)} {OP_TYPE} ops")
    for node, options in zip(nodes, recorded):
        outputs = build_postprocess([node.input_value(index) for index in range(3)], options)
        for index, replacement in enumerate(outputs):
            original = node.output(index)
            replacement.get_tensor().set_names(original.get_names())
            for target in list(original.get_target_inputs()):
                target.replace_source_output(replacement)
    model.validate_nodes_and_infer_types()
    return model, recorded


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("output")
    parser.add_argument("--compress-to-fp16", choices=["True", "False"], default="True")
    arguments = parser.parse_args()
    try:
        model, recorded = convert(arguments.model)
    except (ValueError, RuntimeError) as error:
        print(f"[ ERROR ] {error}", file=sys.stderr)
        sys.exit(1)
    if model is None:
        print(f"[ ERROR ] {arguments.model} has no {OP_TYPE} op", file=sys.stderr)
        sys.exit(2)
    ov.save_model(model, arguments.output, compress_to_fp16=arguments.compress_to_fp16 == "True")
    print(json.dumps({"opType": OP_TYPE, "options": recorded}))


if __name__ == "__main__":
    main()
