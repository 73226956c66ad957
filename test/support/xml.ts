/**
 * A strict XML reader for tests: `sax` in strict mode with namespaces (any well-formedness error or
 * unbound prefix throws), giving a small element tree to look things up in by namespace URI and local
 * name. Used to check what feeds and sitemaps declare, not only what a lenient reader makes of them.
 */
import { createRequire } from 'node:module';

export interface XmlElement {
  uri: string;
  local: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

interface SaxTag {
  uri: string;
  local: string;
  attributes: Record<string, { value: string }>;
}
interface SaxParser {
  onerror: (error: Error) => void;
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  write(xml: string): SaxParser;
  close(): void;
}

const sax = createRequire(import.meta.url)('sax') as {
  parser(strict: boolean, options: { xmlns: boolean }): SaxParser;
};

export function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true, { xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  parser.onerror = (error) => {
    failure ??= error;
  };
  parser.onopentag = (tag) => {
    const element: XmlElement = {
      uri: tag.uri,
      local: tag.local,
      attributes: Object.fromEntries(Object.entries(tag.attributes).map(([k, a]) => [k, a.value])),
      text: '',
      children: [],
    };
    stack.at(-1)?.children.push(element);
    if (!root) root = element;
    stack.push(element);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const addText = (text: string) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('no root element');
  return root;
}

/** Child elements of `element` with this namespace URI and local name. */
export function children(element: XmlElement, uri: string, local: string): XmlElement[] {
  return element.children.filter((c) => c.uri === uri && c.local === local);
}

export function child(element: XmlElement, uri: string, local: string): XmlElement | undefined {
  return children(element, uri, local)[0];
}

/** All descendants with this namespace URI and local name. */
export function descendants(element: XmlElement, uri: string, local: string): XmlElement[] {
  return element.children.flatMap((c) => [
    ...(c.uri === uri && c.local === local ? [c] : []),
    ...descendants(c, uri, local),
  ]);
}
