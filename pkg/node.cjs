// Node entry (require): the wasm-bindgen Node build behind the JS face (see src/face.js).
'use strict';
const glue = require('./node/paysign.js');
const { makeFace } = require('./face.cjs');

module.exports = makeFace(glue);
