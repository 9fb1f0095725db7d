import { Module, type DynamicModule } from '@nestjs/common';
import { CONVERSION_OPTIONS, type ConversionOptions } from './conversion-options.js';
import { DocumentConverter } from './document-converter.service.js';

/** Provides DocumentConverter; options default to DEFAULT_CONVERSION_OPTIONS. */
@Module({})
export class ConversionModule {
  static register(options: Partial<ConversionOptions> = {}): DynamicModule {
    return {
      module: ConversionModule,
      providers: [{ provide: CONVERSION_OPTIONS, useValue: options }, DocumentConverter],
      exports: [DocumentConverter],
    };
  }
}
