export * from './errors/index.js';
export * from './toolchain/index.js';
