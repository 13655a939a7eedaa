"""TensorFlow's own inference speed on a model, for `pnpm bench`'s TensorFlow column.

SavedModel: the `serving_default` signature (tf.function) on a fixed random float32 batch of 1.
TF Lite: tf.lite.Interpreter (TensorFlow's TF Lite runtime, XNNPACK delegate) on a fixed random input.
Latency: one caller, median per-call time over --duration seconds (warm-up calls excluded).
Throughput: --requests Python threads calling at once (TensorFlow releases the GIL while it runs;
TF Lite gets one interpreter per thread, sharing the cores), completed calls / elapsed time.

Usage: python tensorflow_inference.py (--saved-model DIR | --tflite FILE) --duration S --requests N
Prints one JSON document on stdout.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

WARMUP_CALLS = 5


def saved_model_callers(path, count):
    loaded = tf.saved_model.load(path)
    signature = loaded.signatures["serving_default"]
    name, spec = next(iter(signature.structured_input_signature[1].items()))
    shape = [1 if dimension is None else dimension for dimension in spec.shape.as_list()]
    value = tf.constant(np.random.default_rng(1).random(shape, dtype=np.float32))
    def call():
        return signature(**{name: value})
    return loaded, [call] * count, "TensorFlow {} SavedModel (serving_default)".format(tf.__version__)


def tflite_callers(path, count, threads):
    interpreters = []
    callers = []
    for _ in range(count):
        interpreter = tf.lite.Interpreter(model_path=path, num_threads=threads)
        interpreter.allocate_tensors()
        detail = interpreter.get_input_details()[0]
        rng = np.random.default_rng(1)
        if np.issubdtype(detail["dtype"], np.integer):
            data = rng.integers(0, 256, detail["shape"]).astype(detail["dtype"])
        else:
            data = rng.random(detail["shape"], dtype=np.float32).astype(detail["dtype"])
        interpreter.set_tensor(detail["index"], data)
        interpreters.append(interpreter)
        callers.append(interpreter.invoke)
    return interpreters, callers, "TensorFlow {} tf.lite.Interpreter".format(tf.__version__)


def measure_latency(call, duration):
    for _ in range(WARMUP_CALLS):
        call()
    samples = []
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline:
        begin = time.perf_counter()
        call()
        samples.append((time.perf_counter() - begin) * 1000)
    return samples


def measure_throughput(callers, duration):
    for call in callers:
        for _ in range(2):
            call()
    counts = [0] * len(callers)
    start = threading.Barrier(len(callers) + 1)
    stop = threading.Event()

    def worker(index):
        start.wait()
        call = callers[index]
        while not stop.is_set():
            call()
            counts[index] += 1

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(len(callers))]
    for thread in threads:
        thread.start()
    start.wait()
    begin = time.perf_counter()
    time.sleep(duration)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begin
    return sum(counts) / elapsed, sum(counts), elapsed


def main():
    parser = argparse.ArgumentParser()
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--saved-model")
    source.add_argument("--tflite")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--requests", type=int, default=2)
    arguments = parser.parse_args()

    cores = os.cpu_count() or 1
    load_started = time.perf_counter()
    if arguments.saved_model:
        keep, callers, runtime = saved_model_callers(arguments.saved_model, arguments.requests)
        latency_call = callers[0]
    else:
        keep, callers, runtime = tflite_callers(
            arguments.tflite, arguments.requests, max(1, cores // arguments.requests)
        )
        latency_keep, latency_callers, _ = tflite_callers(arguments.tflite, 1, cores)
        latency_call = latency_callers[0]
    load_ms = (time.perf_counter() - load_started) * 1000

    samples = measure_latency(latency_call, arguments.duration)
    throughput, calls, elapsed = measure_throughput(callers, arguments.duration)
    json.dump(
        {
            "runtime": runtime,
            "loadMs": load_ms,
            "latency": {
                "medianMs": statistics.median(samples),
                "meanMs": statistics.fmean(samples),
                "count": len(samples),
            },
            "throughput": {"perSecond": throughput, "calls": calls, "seconds": elapsed, "requests": arguments.requests},
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    del keep


if __name__ == "__main__":
    main()
