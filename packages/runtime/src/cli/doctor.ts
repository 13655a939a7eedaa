import { existsSync } from 'node:fs';
import { Core } from '../core.js';
import { HubvinoError } from '../errors/hubvino-error.js';
import { nativeJpegDecoder } from '../openvino/native-jpeg.js';
import { locateDevToolchain, locateOpenVino, type ToolCommand } from '../toolchain/locate-openvino.js';
import { openVinoExtrasPath } from '../toolchain/openvino-extras.js';
import { hubvinoWorkspaceRoot, toolchainPins } from '../toolchain/toolchain-paths.js';

/** One OpenVINO device as the C API reports it. */
export interface DoctorDevice {
  name: string;
  /** `FULL_DEVICE_NAME`, when the device reports it. */
  fullName: string | undefined;
}

/** A command-line tool of the toolchain. */
export interface DoctorTool {
  /** The script or executable. */
  path: string;
  /** How to run it: `command` followed by `args`. */
  command: string;
  args: string[];
}

/** What `hubvino doctor` found. */
export interface DoctorReport {
  openvino: {
    /** Version from the C API (`ov_get_openvino_version`), e.g. `2026.4.1`. */
    version: string;
    /** Full build number, e.g. `2026.4.1-22982-e213a147257-releases/2026/4`. */
    buildNumber: string;
    description: string;
    /** The version toolchain.json pins. */
    pinnedVersion: string;
    /** Path of the libopenvino_c that was loaded. */
    cLibraryPath: string;
    /** `provisioned` or `environment` (HUBVINO_OPENVINO_LIB_DIR). */
    foundBy: string;
  };
  devices: DoctorDevice[];
  tools: { ovc: DoctorTool | null; benchmarkApp: DoctorTool | null };
  /**
   * The optional native helper (`hubvino build-helper`): where it is, whether it is built, and whether
   * `decodeImage` decodes plain JPEGs with its libjpeg decoder (false also with HUBVINO_NATIVE_JPEG=0).
   */
  nativeHelper: { path: string; built: boolean; jpegDecoder: boolean };
  /** The dev toolchain's TensorFlow (tests, validation); absent is fine for running models. */
  tensorflow: { available: true; version: string; python: string } | { available: false; reason: string };
  node: string;
}

function tool(command: ToolCommand | undefined): DoctorTool | null {
  if (!command) return null;
  return { path: command.args[0] ?? command.command, command: command.command, args: [...command.args] };
}

/**
 * Checks the OpenVINO installation through the C API: loads the library, reads the version and the
 * devices, and lists the tools and the optional TensorFlow dev toolchain.
 * @throws ToolchainError when OpenVINO is missing; OpenVinoError when it does not load.
 */
export function runDoctor(): DoctorReport {
  const distribution = locateOpenVino();
  const version = Core.getVersion();
  const core = new Core();
  let devices: DoctorDevice[];
  try {
    devices = core.getAvailableDevices().map((name) => {
      let fullName: string | undefined;
      try {
        fullName = core.getProperty(name, 'FULL_DEVICE_NAME');
      } catch {
        fullName = undefined;
      }
      return { name, fullName };
    });
  } finally {
    core.dispose();
  }
  let tensorflow: DoctorReport['tensorflow'];
  try {
    const dev = locateDevToolchain();
    tensorflow = { available: true, version: dev.tensorflowVersion, python: dev.python };
  } catch (error) {
    if (!HubvinoError.isInstance(error)) throw error;
    tensorflow = { available: false, reason: error.message };
  }
  return {
    openvino: {
      version: version.buildNumber.split('-')[0] ?? version.buildNumber,
      buildNumber: version.buildNumber,
      description: version.description,
      pinnedVersion: toolchainPins().openvino,
      cLibraryPath: Core.getLibraryPath(),
      foundBy: distribution.foundBy,
    },
    devices,
    tools: { ovc: tool(distribution.ovc), benchmarkApp: tool(distribution.benchmarkApp) },
    nativeHelper: {
      path: openVinoExtrasPath(),
      built: existsSync(openVinoExtrasPath()),
      jpegDecoder: nativeJpegDecoder() !== undefined,
    },
    tensorflow,
    node: process.version,
  };
}

/** The report as text lines for a terminal. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `OpenVINO ${report.openvino.version} (${report.openvino.buildNumber}, ${report.openvino.description})`,
    `  pinned version: ${report.openvino.pinnedVersion}${report.openvino.version === report.openvino.pinnedVersion ? '' : '  (differs!)'}`,
    `  C library:      ${report.openvino.cLibraryPath} (${report.openvino.foundBy})`,
    `Devices: ${report.devices.map((device) => (device.fullName ? `${device.name} (${device.fullName})` : device.name)).join(', ') || 'none'}`,
    `ovc:           ${report.tools.ovc?.path ?? 'not found'}`,
    `benchmark_app: ${report.tools.benchmarkApp?.path ?? 'not found'}`,
    report.nativeHelper.built
      ? `native helper: ${report.nativeHelper.path}; JPEG decoder: ${report.nativeHelper.jpegDecoder ? 'libjpeg' : 'off (built without libjpeg, or HUBVINO_NATIVE_JPEG=0): sharp decodes every image'}`
      : "native helper: not built (optional: 'hubvino build-helper' adds Model.clone & co. and a faster JPEG decoder)",
    report.tensorflow.available
      ? `TensorFlow (dev toolchain): ${report.tensorflow.version} (${report.tensorflow.python})`
      : `TensorFlow (dev toolchain): not provisioned; ${hubvinoWorkspaceRoot() ? "only needed for hubvino's tests and validation ('pnpm setup:dev')" : 'not needed to run or convert models'}`,
    `Node.js ${report.node}`,
  ];
  return `${lines.join('\n')}\n`;
}
