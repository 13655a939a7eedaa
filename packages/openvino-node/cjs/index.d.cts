import addon = require('../dist/index.js');
export = addon;
