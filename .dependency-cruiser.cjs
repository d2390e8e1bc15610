// dependency-cruiser configuration: the layer rules of scripts/layer-rules.cjs applied to src/ (npm test runs it).
'use strict';
module.exports = require('./scripts/layer-rules.cjs').config('src');
