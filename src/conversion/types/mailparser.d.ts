/** The slice of mailparser 3.9 the email worker uses (the package ships no types). */
declare module 'mailparser' {
  interface AddressObject {
    text: string;
  }
  interface Attachment {
    filename?: string;
    contentType: string;
    contentDisposition?: string;
    content: Buffer;
    size: number;
    related?: boolean;
  }
  interface ParsedMail {
    subject?: string;
    from?: AddressObject;
    to?: AddressObject | AddressObject[];
    cc?: AddressObject | AddressObject[];
    date?: Date;
    text?: string;
    html?: string | false;
    attachments: Attachment[];
  }
  interface ParserOptions {
    skipHtmlToText?: boolean;
    skipTextToHtml?: boolean;
    skipTextLinks?: boolean;
    skipImageLinks?: boolean;
    maxHtmlLengthToParse?: number;
    keepDeliveryStatus?: boolean;
  }
  export function simpleParser(source: Buffer | string, options?: ParserOptions): Promise<ParsedMail>;
  const mailparser: { simpleParser: typeof simpleParser };
  export default mailparser;
}
