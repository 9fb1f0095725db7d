import { describe, expect, it } from '@jest/globals';
import { isDomainError } from '../common/domain-error.js';
import { createValidationPipe } from '../common/validation/validation.pipe.js';
import { CreateNoteDto } from './note.dto.js';
import { UpdateDocumentDto } from './update-document.dto.js';

const pipe = createValidationPipe();
const validate = (metatype: new () => object, body: unknown): Promise<unknown> => pipe.transform(body, { type: 'body', metatype });

async function rejection(metatype: new () => object, body: unknown): Promise<{ code: string; message: string }> {
  try {
    await validate(metatype, body);
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('UpdateDocumentDto', () => {
  it('accepts any of the fields and trims the title', async () => {
    await expect(validate(UpdateDocumentDto, { title: '  New title  ' })).resolves.toEqual({ title: 'New title' });
    await expect(validate(UpdateDocumentDto, { category: 'Exhibit photograph', isUsed: false })).resolves.toEqual({ category: 'Exhibit photograph', isUsed: false });
    await expect(validate(UpdateDocumentDto, { title: 'x'.repeat(255) })).resolves.toBeInstanceOf(UpdateDocumentDto);
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ title: '   ' }, 'title'],
    [{ title: 'x'.repeat(256) }, 'title'],
    [{ title: 'a\r\nb' }, 'title'],
    [{ title: 42 }, 'title'],
    [{ category: 'NOT_A_CATEGORY' }, 'category'],
    [{ category: 'mg11 witness statement' }, 'category'],
    [{ isUsed: 'true' }, 'isUsed'],
    [{ isUsed: 1 }, 'isUsed'],
    [{ title: 'ok', documentId: '9' }, 'documentId'],
  ])('rejects %j as VALIDATION_FAILED naming %s', async (body, field) => {
    const failure = await rejection(UpdateDocumentDto, body);
    expect(failure.code).toBe('VALIDATION_FAILED');
    expect(failure.message).toContain(field);
  });
});

describe('CreateNoteDto', () => {
  it('accepts 1 to 4000 characters', async () => {
    await expect(validate(CreateNoteDto, { text: 'a' })).resolves.toEqual({ text: 'a' });
    await expect(validate(CreateNoteDto, { text: 'é'.repeat(4000) })).resolves.toBeInstanceOf(CreateNoteDto);
  });

  it.each([[{}], [{ text: '' }], [{ text: ' \n ' }], [{ text: 'a'.repeat(4001) }], [{ text: ['a'] }]])('rejects %j', async (body) => {
    expect((await rejection(CreateNoteDto, body)).code).toBe('VALIDATION_FAILED');
  });
});
