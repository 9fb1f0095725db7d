export * from './id-patterns.js';
export * from './parse-id.pipe.js';
export * from './parse-tracked-document-id.pipe.js';
export * from './parse-urn.pipe.js';
export * from './dto-validators.js';
export * from './validation.pipe.js';
