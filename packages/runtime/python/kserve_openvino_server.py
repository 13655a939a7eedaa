"""A KServe v2 inference server for a hubvino serving repository, on the `kserve` wheel's ModelServer.

Reads the OpenVINO Model Server `config.json` that `pnpm convert serve-config` writes, and serves
each model in it through the OpenVINO Python API of the same pinned wheel the runtime uses (the
serving venv: `pnpm setup:serving`), compiled with each entry's `target_device` and `plugin_config`
as OVMS does. It is the stand-in for OVMS / KServe on Kubernetes in hubvino's
tests and benchmarks: the same protocol (v2 REST with the binary tensor extension), a real server.

    python kserve_openvino_server.py --hubvino_config <serving>/config.json --http_port 8000 [--grpc_port 8001]

The kserve ModelServer has one version per model name (its /versions/{v} routes answer 501): each
model serves the newest version its `model_version_policy` allows and reports it as
`model_version` in every answer. Inference runs on a pool of OpenVINO InferRequests (the compiled
model's optimal number), each in a worker thread (OpenVINO releases the GIL while it infers).
"""

import argparse
import asyncio
import json
import os
import sys
from typing import Dict, List, Optional

import numpy as np
import openvino as ov
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer
from kserve.errors import InvalidInput

DATATYPES = {
    "boolean": "BOOL",
    "u8": "UINT8",
    "u16": "UINT16",
    "u32": "UINT32",
    "u64": "UINT64",
    "i8": "INT8",
    "i16": "INT16",
    "i32": "INT32",
    "i64": "INT64",
    "f16": "FP16",
    "f32": "FP32",
    "f64": "FP64",
}


def port_type(port) -> Dict:
    shape = [d.get_length() if d.is_static else -1 for d in port.get_partial_shape()]
    element = port.get_element_type().get_type_name()
    return {"name": port.get_any_name(), "datatype": DATATYPES.get(element, element.upper()), "shape": shape}


def chosen_version(base_path: str, policy: Optional[Dict]) -> int:
    versions = sorted(int(entry) for entry in os.listdir(base_path) if entry.isdigit())
    if policy and "specific" in policy:
        versions = [v for v in versions if v in policy["specific"].get("versions", [])]
    if not versions:
        raise SystemExit(f"{base_path}: no version folder allowed by model_version_policy {json.dumps(policy)}")
    return versions[-1]


class OpenVinoModel(Model):
    def __init__(self, name: str, base_path: str, policy: Optional[Dict], device: str, plugin_config: Dict):
        super().__init__(name)
        self.version = chosen_version(base_path, policy)
        self.folder = os.path.join(base_path, str(self.version))
        self.device = device
        self.plugin_config = plugin_config
        self.load()

    def load(self) -> bool:
        core = ov.Core()
        xml = [f for f in os.listdir(self.folder) if f.endswith(".xml")]
        if len(xml) != 1:
            raise SystemExit(f"{self.folder}: expected exactly one .xml IR file, found {xml}")
        self.compiled = core.compile_model(os.path.join(self.folder, xml[0]), self.device, self.plugin_config)
        count = self.compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")
        self.pool: asyncio.Queue = asyncio.Queue()
        for _ in range(count):
            self.pool.put_nowait(self.compiled.create_infer_request())
        self.inputs = [port_type(port) for port in self.compiled.inputs]
        self.outputs = [port_type(port) for port in self.compiled.outputs]
        self.ready = True
        return self.ready

    def get_input_types(self) -> List[Dict]:
        return self.inputs

    def get_output_types(self) -> List[Dict]:
        return self.outputs

    async def predict(self, payload: InferRequest, headers=None, response_headers=None) -> InferResponse:
        known = {port["name"] for port in self.inputs}
        feeds = {}
        for tensor in payload.inputs:
            if tensor.name not in known:
                raise InvalidInput(f"model '{self.name}' has no input '{tensor.name}' (inputs: {sorted(known)})")
            feeds[tensor.name] = np.ascontiguousarray(tensor.as_numpy())
        request = await self.pool.get()
        try:
            await asyncio.to_thread(request.infer, feeds)
            results = [(port, request.get_output_tensor(index).data.copy()) for index, port in enumerate(self.outputs)]
        finally:
            self.pool.put_nowait(request)
        outputs = [InferOutput(name=port["name"], shape=list(data.shape), datatype=port["datatype"], data=data) for port, data in results]
        return InferResponse(
            response_id=payload.id,
            model_name=self.name,
            model_version=str(self.version),
            infer_outputs=outputs,
            use_binary_outputs=payload.use_binary_outputs,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubvino_config", required=True, help="the serving repository config.json (named so that kserve's own argument parser, which reads the same command line, matches none of its options)")
    parser.add_argument("--http_port", type=int, default=8000)
    parser.add_argument("--grpc_port", type=int, default=0, help="0: no gRPC endpoint")
    parser.add_argument("--device", default="CPU", help="device of the models whose config has no target_device")
    options, _ = parser.parse_known_args()
    with open(options.hubvino_config, encoding="utf-8") as file:
        config = json.load(file)
    root = os.path.dirname(os.path.abspath(options.hubvino_config))
    models = []
    for entry in config.get("model_config_list", []):
        settings = entry["config"]
        base_path = os.path.join(root, settings["base_path"])
        # As OVMS reads them: target_device and plugin_config (default THROUGHPUT, OVMS's own default).
        device = settings.get("target_device", options.device)
        plugin_config = settings.get("plugin_config", {"PERFORMANCE_HINT": "THROUGHPUT"})
        models.append(OpenVinoModel(settings["name"], base_path, settings.get("model_version_policy"), device, plugin_config))
    if not models:
        raise SystemExit(f"{options.hubvino_config} lists no models (model_config_list is empty)")
    for model in models:
        print(f"serving {model.name} version {model.version} from {model.folder}", file=sys.stderr, flush=True)
    server = ModelServer(
        http_port=options.http_port,
        grpc_port=options.grpc_port or 8081,
        enable_grpc=options.grpc_port != 0,
    )
    server.start(models)


if __name__ == "__main__":
    main()
