export { ProcessingFailure, isProcessingFailure, PROCESSING_FAILURE_REASONS, type ProcessingFailureReason } from './processing-failure.js';
export { sniffFile, sniffBytes, sniffSource, MIME_TYPES, SNIFFED_TYPES, type SniffedType, type SniffResult, type TextEncodingName, type ByteSource } from './sniff.js';
export { DocumentConverter, type ConversionInput, type ConverterAvailability } from './document-converter.service.js';
export type { ConversionChild, ConversionResult } from './converters/converter.js';
export { CONVERSION_OPTIONS, DEFAULT_CONVERSION_OPTIONS, type ConversionOptions } from './conversion-options.js';
export { ConversionModule } from './conversion.module.js';
