import { describe, expect, it } from 'vitest';
import { mergeBenchmarkAppReports, parseBenchmarkAppJson, parseBenchmarkAppOutput } from './benchmark-app-report.js';
import { benchmarkAppArguments } from './run-benchmark-app.js';

// Captured from `benchmark_app -m model.xml -d CPU -hint throughput -t 3 -report_type no_counters -json_stats`
// (OpenVINO 2026.4.1 Python benchmark_app) on this machine.
const throughputJson =
  '{"cmd_options": {"-m": "q/model.xml", "-d": "CPU", "-hint": "throughput", "-t": "3"}, "configuration_setup": {"topology": "Model1", "target device": "CPU", "API": "async", "inference_only": true, "precision": "UNSPECIFIED", "batch size": "1", "number of iterations": "None", "number of parallel infer requests": "2", "duration (ms)": "3000"}, "execution_results": {"read model time (ms)": "21.48", "compile model time (ms)": "295.80", "first inference time (ms)": "10.21", "total execution time (ms)": "3007.68", "total number of iterations": "526", "latency (ms)": "7.37", "avg latency": "11.21", "min latency": "6.32", "max latency": "109.37", "throughput": "174.89"}}';

const latencyOutput = `[Step 2/11] Loading OpenVINO Runtime
[ INFO ] Read model took 37.33 ms
[ INFO ] Compile model took 318.82 ms
[ INFO ]   NUM_STREAMS: 1
[ INFO ]   INFERENCE_PRECISION_HINT: <Type: 'bfloat16'>
[ INFO ]   PERFORMANCE_HINT: LATENCY
[Step 10/11] Measuring performance (Start inference synchronously, limits: 3000 ms duration)
[ INFO ] First inference took 8.36 ms
[Step 11/11] Dumping statistics report
[ INFO ] Count:            541 iterations
[ INFO ] Duration:         3001.04 ms
[ INFO ] Latency:
[ INFO ]    Median:        4.09 ms
[ INFO ]    Average:       5.44 ms
[ INFO ]    Min:           3.38 ms
[ INFO ]    Max:           18.53 ms
[ INFO ] Throughput:   180.27 FPS
`;

describe('parseBenchmarkAppJson', () => {
  it('reads median latency, throughput, iterations and requests from benchmark_report.json', () => {
    const report = parseBenchmarkAppJson(throughputJson);
    expect(report.medianLatencyMs).toBe(7.37);
    expect(report.averageLatencyMs).toBe(11.21);
    expect(report.throughput).toBe(174.89);
    expect(report.iterations).toBe(526);
    expect(report.durationMs).toBe(3007.68);
    expect(report.requests).toBe(2);
    expect(report.readModelMs).toBe(21.48);
    expect(report.compileModelMs).toBe(295.8);
    expect(report.firstInferenceMs).toBe(10.21);
  });

  it('leaves fields undefined when a compile-only report has no execution statistics', () => {
    const report = parseBenchmarkAppJson(
      '{"execution_results": {"read model time (ms)": "18.52", "compile model time (ms)": "279.33"}}',
    );
    expect(report.readModelMs).toBe(18.52);
    expect(report.compileModelMs).toBe(279.33);
    expect(report.medianLatencyMs).toBeUndefined();
    expect(report.throughput).toBeUndefined();
    expect(report.requests).toBeUndefined();
  });

  it('treats non-numeric values as missing', () => {
    const report = parseBenchmarkAppJson('{"execution_results": {"latency (ms)": "n/a", "throughput": ""}}');
    expect(report.medianLatencyMs).toBeUndefined();
    expect(report.throughput).toBeUndefined();
  });
});

describe('parseBenchmarkAppOutput', () => {
  it('reads the statistics and the chosen plugin settings from the printed log', () => {
    const report = parseBenchmarkAppOutput(latencyOutput);
    expect(report.medianLatencyMs).toBe(4.09);
    expect(report.averageLatencyMs).toBe(5.44);
    expect(report.throughput).toBe(180.27);
    expect(report.iterations).toBe(541);
    expect(report.durationMs).toBe(3001.04);
    expect(report.readModelMs).toBe(37.33);
    expect(report.compileModelMs).toBe(318.82);
    expect(report.firstInferenceMs).toBe(8.36);
    expect(report.streams).toBe(1);
    expect(report.inferencePrecision).toBe('bfloat16');
  });

  it('reads the number of requests of an async run', () => {
    const report = parseBenchmarkAppOutput(
      '[Step 10/11] Measuring performance (Start inference asynchronously, 4 inference requests, limits: 3000 ms duration)',
    );
    expect(report.requests).toBe(4);
  });

  it('returns undefined fields for output without statistics', () => {
    const report = parseBenchmarkAppOutput('[ ERROR ] something went wrong');
    expect(Object.values(report).every((value) => value === undefined)).toBe(true);
  });
});

describe('mergeBenchmarkAppReports', () => {
  it('prefers the JSON report and fills the gaps from the log', () => {
    const merged = mergeBenchmarkAppReports(
      parseBenchmarkAppJson(throughputJson),
      parseBenchmarkAppOutput(latencyOutput),
    );
    expect(merged.medianLatencyMs).toBe(7.37);
    expect(merged.inferencePrecision).toBe('bfloat16');
    expect(merged.streams).toBe(1);
  });
});

describe('benchmarkAppArguments', () => {
  it('passes hint, requests, duration, shape and the JSON report options', () => {
    expect(
      benchmarkAppArguments(
        { model: 'm.xml', hint: 'throughput', requests: 2, durationSeconds: 10, shape: '[1,224,224,3]' },
        '/tmp/r',
      ),
    ).toEqual([
      '-m',
      'm.xml',
      '-d',
      'CPU',
      '-hint',
      'throughput',
      '-shape',
      '[1,224,224,3]',
      '-nireq',
      '2',
      '-t',
      '10',
      '-report_type',
      'no_counters',
      '-report_folder',
      '/tmp/r',
      '-json_stats',
    ]);
  });

  it('asks for -niter 0 instead of a duration for a compile-only run with a cache directory', () => {
    const args = benchmarkAppArguments(
      { model: 'm.xml', hint: 'latency', compileOnly: true, durationSeconds: 5, cacheDirectory: '/c' },
      '/r',
    );
    expect(args).toContain('-niter');
    expect(args[args.indexOf('-niter') + 1]).toBe('0');
    expect(args).not.toContain('-t');
    expect(args[args.indexOf('-cdir') + 1]).toBe('/c');
  });
});
