/**
 * Sandbox worker: an email (RFC 822 .eml through mailparser, Outlook .msg through msgreader) → a PDF of
 * its headers and text body (HTML bodies flattened by a linear scanner), plus its attachments written
 * out as files so they become child documents. Inline images of an HTML body (`related`) are skipped.
 */
import type { FieldsData } from '@kenjiuno/msgreader';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcessingFailure } from '../processing-failure.js';
import { htmlToText } from '../render/html-to-text.js';
import { renderTextPdf, type TextBlock } from '../render/text-pdf.js';
import { withUnlabelled8BitAsUtf8 } from './eml-unlabelled-8bit.js';
import { decodeCodePage, htmlCodePage, readMsgFields } from './msg-code-page.js';

export interface EmailToPdfInput {
  readonly inputPath: string;
  readonly outputPath: string;
  /** Attachments are written here as attachment-<n>.bin. */
  readonly attachmentDirectory: string;
  readonly emailType: 'eml' | 'msg';
  readonly maxPages: number;
  readonly maxAttachments: number;
  readonly maxHtmlChars: number;
  readonly maxBodyChars: number;
  readonly fontPath?: string;
  readonly boldFontPath?: string;
}

export interface EmailAttachmentFile {
  readonly fileName: string;
  readonly declaredType: string;
  readonly path: string;
}

export interface EmailToPdfOutput {
  readonly pageCount: number;
  readonly attachments: readonly EmailAttachmentFile[];
}

interface Email {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  readonly attachments: ReadonlyArray<{ fileName: string; declaredType: string; content: Uint8Array }>;
}


export default async function emailToPdf(input: EmailToPdfInput): Promise<EmailToPdfOutput> {
  const bytes = await readFile(input.inputPath);
  const email = input.emailType === 'eml' ? await readEml(bytes, input) : await readMsg(bytes, input);
  if (email.attachments.length > input.maxAttachments) {
    throw new ProcessingFailure('TOO_LARGE', `the email has more than ${input.maxAttachments} attachments`);
  }
  const attachments: EmailAttachmentFile[] = [];
  for (const [index, attachment] of email.attachments.entries()) {
    const path = join(input.attachmentDirectory, `attachment-${index + 1}.bin`);
    await writeFile(path, attachment.content);
    attachments.push({ fileName: attachment.fileName, declaredType: attachment.declaredType, path });
  }
  const headerLines = [...email.headers.filter(([, value]) => value.trim() !== '').map(([name, value]) => `${name}: ${value}`)];
  if (attachments.length > 0) headerLines.push(`Attachments: ${attachments.map((attachment) => attachment.fileName).join(', ')}`);
  const blocks: TextBlock[] = [
    { text: headerLines.join('\n'), heading: true },
    { text: `${'─'.repeat(40)}\n` },
    { text: email.body },
  ];
  const { bytes: pdf, pageCount } = await renderTextPdf(blocks, { maxPages: input.maxPages, fontPath: input.fontPath, boldFontPath: input.boldFontPath });
  await writeFile(input.outputPath, pdf);
  return { pageCount, attachments };
}

async function readEml(bytes: Buffer, input: EmailToPdfInput): Promise<Email> {
  // each worker process reads one email: load only the parser it needs
  const { default: mailparser } = await import('mailparser');
  let parsed: Awaited<ReturnType<typeof mailparser.simpleParser>>;
  try {
    parsed = await mailparser.simpleParser(withUnlabelled8BitAsUtf8(bytes), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: input.maxHtmlChars });
  } catch (error) {
    throw new ProcessingFailure('CORRUPT', `the email could not be parsed: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  const addresses = (value: { text: string } | Array<{ text: string }> | undefined) => (Array.isArray(value) ? value.map((entry) => entry.text).join(', ') : (value?.text ?? ''));
  const body = parsed.text?.trim() ? parsed.text : typeof parsed.html === 'string' ? htmlToText(parsed.html, { maxInputChars: input.maxHtmlChars, maxOutputChars: input.maxBodyChars }).text : '';
  return {
    headers: [
      ['From', addresses(parsed.from)],
      ['To', addresses(parsed.to)],
      ['Cc', addresses(parsed.cc)],
      ['Date', parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toUTCString() : ''],
      ['Subject', parsed.subject ?? ''],
    ],
    body: capped(body, input.maxBodyChars),
    attachments: parsed.attachments
      .filter((attachment) => !attachment.related)
      .map((attachment, index) => ({
        fileName: safeFileName(attachment.filename, index, attachment.contentType),
        declaredType: attachment.contentType,
        content: attachment.content,
      })),
  };
}

async function readMsg(bytes: Buffer, input: EmailToPdfInput): Promise<Email> {
  // a CommonJS package: its class is module.exports.default
  const MsgReader = (await import('@kenjiuno/msgreader')).default.default;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let fields: FieldsData;
  let reader: InstanceType<typeof MsgReader>;
  try {
    ({ fields, reader } = readMsgFields((parserConfig) => {
      const opened = new MsgReader(buffer);
      opened.parserConfig = parserConfig;
      return opened;
    }));
  } catch (error) {
    throw new ProcessingFailure('CORRUPT', `the message could not be parsed: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  if (fields.error) throw new ProcessingFailure('CORRUPT', 'the message could not be parsed');
  const recipients = (kind: 'to' | 'cc') =>
    (fields.recipients ?? [])
      .filter((recipient) => (recipient.recipType ?? 'to') === kind)
      .map((recipient) => (recipient.email && recipient.name && recipient.name !== recipient.email ? `${recipient.name} <${recipient.email}>` : (recipient.name ?? recipient.email ?? '')))
      .join(', ');
  const from = fields.senderEmail && fields.senderName && fields.senderName !== fields.senderEmail ? `${fields.senderName} <${fields.senderEmail}>` : (fields.senderName ?? fields.senderEmail ?? '');
  const html = fields.bodyHtml ?? (fields.html ? decodeCodePage(fields.html, htmlCodePage(fields, fields.html)) : undefined);
  const body = fields.body?.trim() ? fields.body : html ? htmlToText(html, { maxInputChars: input.maxHtmlChars, maxOutputChars: input.maxBodyChars }).text : '';
  const sent = fields.messageDeliveryTime ?? fields.clientSubmitTime;
  const attachments = (fields.attachments ?? [])
    .filter((attachment) => !attachment.attachmentHidden)
    .map((attachment, index) => {
      let content: Uint8Array;
      let fileName: string | undefined;
      try {
        const data = reader.getAttachment(attachment);
        content = data.content;
        fileName = data.fileName;
      } catch {
        throw new ProcessingFailure('CORRUPT', `attachment ${index + 1} could not be read`);
      }
      return { fileName: safeFileName(fileName ?? attachment.fileName, index, ''), declaredType: attachment.innerMsgContent ? 'application/vnd.ms-outlook' : 'application/octet-stream', content };
    });
  return {
    headers: [
      ['From', from],
      ['To', recipients('to')],
      ['Cc', recipients('cc')],
      ['Date', sent ? new Date(sent).toUTCString() : ''],
      ['Subject', fields.subject ?? ''],
    ],
    body: capped(body, input.maxBodyChars),
    attachments,
  };
}

function capped(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n\n[body truncated]` : text;
}

/** The attachment's own name, reduced to a harmless base name; never used as a path. */
export function safeFileName(name: string | undefined, index: number, contentType: string): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  if (base) return base;
  const extension = contentType === 'message/rfc822' ? '.eml' : contentType === 'application/pdf' ? '.pdf' : contentType.startsWith('text/') ? '.txt' : '';
  return `attachment-${index + 1}${extension}`;
}
