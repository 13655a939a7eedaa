'use strict';
// CommonJS entry: `const { addon: ov } = require('openvino-node')`. The package is ES modules
// (koffi-based @hubvino/runtime is ESM only); Node.js >= 20.19 and >= 22.12 load them synchronously
// with require() (no top-level await anywhere in the graph), so this stays a synchronous require.
module.exports = require('../dist/index.js');
