"""INT8 post-training quantization of an OpenVINO IR with NNCF, for hubvino's converter.

Usage:
  python nncf_quantize.py quantize JOB.json    (the quantize venv: openvino + nncf)
  python nncf_quantize.py evaluate JOB.json    (any venv with openvino: runs an IR over samples)
  python nncf_quantize.py litert JOB.json      (the base venv: runs the float .tflite source over samples)

quantize JOB.json: {"model": float IR .xml, "samples": raw f32 file, "count": N, "shape": [1, H, W, 3],
  "output": IR .xml to write, "subsetSize": n, "preset": "performance" | "mixed",
  "overflowFix": "enable" | "disable" | "first_layer_only", "fastBiasCorrection": bool,
  "accuracyControl": optional {"samples": raw f32 file, "count": N, "labels": raw int32 file, "maxDrop": 0.01}}
  The samples are already preprocessed by hubvino (the runtime's own image preprocessing), one model
  input each. Prints {"nncf": version, "openvino": version, "durationMs": ms, "overflowFix": ...}.
  With "accuracyControl": NNCF's quantize_with_accuracy_control, its metric the share of the samples
  whose top-1 class is the label (the float source's); the answer adds "quantizedOperations" (when
  NNCF's log gave it) and "revertedOperations" (the operations it put back to float, in order).

evaluate JOB.json: {"model": IR .xml, "samples": raw f32 file, "count": N, "shape": [...],
  "config": {OpenVINO compile properties}, "output": raw f32 file}
  Runs each sample through the IR (first output) and writes the outputs one after the other; prints
  {"outputShape": [...], "inferencePrecision": ...}. hubvino runs it under ONEDNN_MAX_CPU_ISA=AVX2 to
  measure the path of CPUs without VNNI (the runtime's SATURATING_INT8_EMULATION).

litert JOB.json: {"model": .tflite, "samples", "count", "shape", "output"}: the same with TF Lite's own
  interpreter (ai-edge-litert, XNNPACK), the reference a quantized IR of a .tflite source is judged by.

Errors: one JSON {"error": {"code", "message"}} on stdout and exit code 2 (bad job) or 3 (NNCF failed).
"""

import json
import logging
import re
import sys
import time

import numpy as np


def fail(code, message, exit_code):
    print(json.dumps({"error": {"code": code, "message": message}}))
    sys.exit(exit_code)


def load_samples(job):
    shape = [int(value) for value in job["shape"]]
    count = int(job["count"])
    data = np.memmap(job["samples"], dtype=np.float32, mode="r")
    expected = count * int(np.prod(shape))
    if data.size != expected:
        fail("ERR_SAMPLES", f"{job['samples']} holds {data.size} values, expected {expected}", 2)
    return data.reshape([count] + shape)


def top1_agreement(compiled, items):
    """Accuracy control's metric: the share of (input, label) items whose top-1 class is the label."""
    output = compiled.output(0)
    hits = 0
    total = 0
    for sample, label in items:
        hits += int(np.argmax(compiled([sample])[output]) == label)
        total += 1
    return hits / max(1, total)


class NncfLog(logging.Handler):
    """Keeps what NNCF's accuracy control logs about the operations it quantized and reverted."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.quantized = None
        self.reverted = []

    def emit(self, record):
        message = record.getMessage()
        total = re.search(r"Total number of quantized operations in the model: (\d+)", message)
        if total:
            self.quantized = int(total.group(1))
        if message.startswith("Reverted"):
            for line in message.split("\n")[1:]:
                name = line.strip()
                if name and name not in self.reverted:  # NNCF may revert an operation's group again
                    self.reverted.append(name)

    def summary(self):
        answer = {"revertedOperations": self.reverted}
        if self.quantized is not None:
            answer["quantizedOperations"] = self.quantized
        return answer


def quantize(job):
    import nncf
    import openvino as ov
    from nncf.quantization.advanced_parameters import AdvancedQuantizationParameters, OverflowFix

    samples = load_samples(job)
    core = ov.Core()
    model = core.read_model(job["model"])
    dataset = nncf.Dataset([np.asarray(samples[index]) for index in range(samples.shape[0])])
    preset = nncf.QuantizationPreset.MIXED if job.get("preset") == "mixed" else nncf.QuantizationPreset.PERFORMANCE
    common = {
        "preset": preset,
        "subset_size": int(job["subsetSize"]),
        "fast_bias_correction": bool(job.get("fastBiasCorrection", True)),
    }
    advanced = AdvancedQuantizationParameters(overflow_fix=OverflowFix(job["overflowFix"]))
    control = job.get("accuracyControl")
    log = NncfLog()
    started = time.perf_counter()
    try:
        if control:
            control_samples = load_samples({"samples": control["samples"], "count": control["count"], "shape": job["shape"]})
            labels = np.fromfile(control["labels"], dtype=np.int32)
            if labels.size != control_samples.shape[0]:
                fail("ERR_SAMPLES", f"{control['labels']} holds {labels.size} labels, expected {control_samples.shape[0]}", 2)
            validation = nncf.Dataset([(np.asarray(control_samples[index]), int(labels[index])) for index in range(labels.size)])
            logging.getLogger("nncf").addHandler(log)
            quantized = nncf.quantize_with_accuracy_control(
                model,
                dataset,
                validation,
                validation_fn=top1_agreement,
                max_drop=float(control["maxDrop"]),
                drop_type=nncf.DropType.ABSOLUTE,
                advanced_quantization_parameters=advanced,
                **common,
            )
        else:
            quantized = nncf.quantize(model, dataset, advanced_parameters=advanced, **common)
    except Exception as error:  # NNCF raises many kinds; hubvino reports them as a ConversionError
        fail("ERR_NNCF", f"{type(error).__name__}: {error}", 3)
    finally:
        logging.getLogger("nncf").removeHandler(log)
    duration = (time.perf_counter() - started) * 1000
    ov.save_model(quantized, job["output"], compress_to_fp16=False)
    fake_quantize = sum(1 for op in quantized.get_ops() if op.get_type_name() == "FakeQuantize")
    print(
        json.dumps(
            {
                "nncf": nncf.__version__,
                "openvino": ov.get_version().split("-")[0],
                "durationMs": duration,
                "overflowFix": job["overflowFix"],
                "fakeQuantizeCount": fake_quantize,
                **(log.summary() if control else {}),
            }
        )
    )


def evaluate(job):
    import openvino as ov

    samples = load_samples(job)
    core = ov.Core()
    compiled = core.compile_model(job["model"], "CPU", {key: str(value) for key, value in job["config"].items()})
    request = compiled.create_infer_request()
    output = compiled.output(0)
    results = []
    for index in range(samples.shape[0]):
        request.infer({0: np.asarray(samples[index])})
        results.append(np.array(request.get_tensor(output).data, dtype=np.float32, copy=True))
    np.stack(results).tofile(job["output"])
    print(
        json.dumps(
            {
                "outputShape": list(results[0].shape) if results else [],
                "inferencePrecision": str(compiled.get_property("INFERENCE_PRECISION_HINT")),
            }
        )
    )


def litert(job):
    try:
        import ai_edge_litert
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        fail("ERR_NO_LITERT", "ai-edge-litert is not installed in " + sys.executable, 2)
    from importlib.metadata import version as package_version

    samples = load_samples(job)
    interpreter = Interpreter(model_path=job["model"])
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    output = interpreter.get_output_details()[0]
    results = []
    for index in range(samples.shape[0]):
        interpreter.set_tensor(detail["index"], np.asarray(samples[index]).astype(detail["dtype"], copy=False))
        interpreter.invoke()
        results.append(np.array(interpreter.get_tensor(output["index"]), dtype=np.float32, copy=True))
    np.stack(results).tofile(job["output"])
    version = getattr(ai_edge_litert, "__version__", None) or package_version("ai-edge-litert")
    print(
        json.dumps(
            {
                "outputShape": list(results[0].shape) if results else [],
                "description": f"LiteRT {version} interpreter (ai-edge-litert)",
            }
        )
    )


def main():
    modes = {"quantize": quantize, "evaluate": evaluate, "litert": litert}
    if len(sys.argv) != 3 or sys.argv[1] not in modes:
        fail("ERR_USAGE", "usage: nncf_quantize.py quantize|evaluate|litert JOB.json", 2)
    with open(sys.argv[2], encoding="utf-8") as handle:
        job = json.load(handle)
    modes[sys.argv[1]](job)


if __name__ == "__main__":
    main()
