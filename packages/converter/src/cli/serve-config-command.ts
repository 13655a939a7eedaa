import { ArgumentError } from '@hubvino/runtime';
import type { CommandLineContext } from '@hubvino/runtime/cli';
import type { Command } from 'commander';
import { parseVersionPolicy, writeServingConfig } from '../serving/serving-config.js';
import { exitCodeHelp } from './output.js';

function port(value: string, option: string): number {
  if (!/^[1-9][0-9]*$/.test(value) || Number(value) > 65_535) {
    throw new ArgumentError(`'${option}' must be a port number from 1 to 65535 (got ${JSON.stringify(value)})`, {
      argument: option,
    });
  }
  return Number(value);
}

/**
 * Adds `serve-config [repository]`: writes the serving folder OpenVINO Model Server / KServe read
 * (config.json, the served IRs, inferenceservice.yaml) and prints the commands that serve it.
 */
export function addServeConfigCommand(program: Command, context: CommandLineContext): void {
  program
    .command('serve-config')
    .description(
      'write <output>/config.json (OVMS model_config_list, version policy), the served IRs (image pre-processing saved inside) and a KServe InferenceService; print the ovms command line',
    )
    .argument('[repository]', 'model repository (OpenVINO Model Server layout)', 'models')
    .option('--output <dir>', 'serving folder to write (default: <repository>-serving); replaced atomically')
    .option('--versions <policy>', 'version policy: all (default), latest, latest:N or specific:1,2', 'all')
    .option('--rest-port <port>', 'REST port in the printed commands', '8000')
    .option('--grpc-port <port>', 'gRPC port in the printed commands', '9000')
    .option('--image <image>', 'OVMS container image', 'openvino/model_server:latest')
    .option('--storage-uri <uri>', 'where the serving folder is uploaded (InferenceService storageUri)')
    .option('--json', 'print exactly one JSON document (the result or {"error":{...}}) on stdout')
    .addHelpText('after', exitCodeHelp)
    .action(async (repository: string, options: Record<string, string | boolean | undefined>) => {
      context.json = Boolean(options.json);
      const result = await writeServingConfig(repository, {
        ...(options.output === undefined ? {} : { output: options.output as string }),
        versionPolicy: parseVersionPolicy(options.versions as string),
        restPort: port(options.restPort as string, '--rest-port'),
        grpcPort: port(options.grpcPort as string, '--grpc-port'),
        image: options.image as string,
        ...(options.storageUri === undefined ? {} : { storageUri: options.storageUri as string }),
      });
      if (context.json) {
        context.printJson(result);
        return;
      }
      process.stdout.write(`wrote ${result.configFile}\n`);
      for (const model of result.models) {
        for (const version of model.versions) {
          const input = version.inputs
            .map((port) => `${port.name} ${port.elementType}[${port.shape.join(',')}]`)
            .join(', ');
          process.stdout.write(
            `  ${model.name} ${version.version}: ${version.bakedPreprocessing ? 'image pre-processing saved into the IR' : 'IR as published'} (input ${input})\n`,
          );
        }
      }
      process.stdout.write(
        `wrote ${result.inferenceServiceFile}\n\nOpenVINO Model Server:\n  ${result.ovmsCommand}\n  ${result.dockerCommand}\nkserve ModelServer (pnpm setup:serving):\n  ${result.kserveCommand}\n\nKServe:\n${result.inferenceService}`,
      );
    });
}
