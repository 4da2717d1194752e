import { XMLBuilder } from 'fast-xml-parser';

// XML written through fast-xml-parser's builder, which escapes & < > " ' in text and attribute values. Attributes
// are keys starting with `@`, element text is `#text`.

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', suppressEmptyNode: true, processEntities: true });

/** Characters XML 1.0 cannot hold at all (control characters but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF), dropped. */
// eslint-disable-next-line no-control-regex
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlText = (s: string) => s.replace(notXml, '');

export type XmlNode = { [name: string]: string | number | XmlNode | XmlNode[] | string[] | undefined };

/** A whole XML document: the declaration, then `root` (element name -> content). */
export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(root) as string}\n`;
}
