// The failure converter of jeugdflow's data converter (see codec.ts): CommonJS so that the SDK can
// require() it in clients and workers and bundle it into the workflow code alike.
'use strict';
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
