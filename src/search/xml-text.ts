/**
 * Pure: text made safe for XML 1.0. `xmlChars` drops what XML may not carry at all (C0 controls but
 * tab, CR and LF; U+FFFE/U+FFFF; lone surrogates); `xmlEscape` also escapes the five markup
 * characters (for text and attribute values this code writes itself); `cdataText` keeps a text that
 * the `feed` library wraps in CDATA well formed (it splits only the first `]]>`).
 */

const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML cannot carry is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

export function xmlEscape(text: string): string {
  return xmlChars(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * For attribute values handed to the `feed` library's XML writer, which escapes only `"` in them:
 * `&`, `<` and `>` are escaped here, `"` left to it.
 */
export function feedAttr(text: string): string {
  return xmlChars(text).replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
}

/** A word joiner between `]]` and `>` after the first `]]>` (the library splits that one). */
export function cdataText(text: string): string {
  let seen = false;
  return xmlChars(text).replace(/\]\]>/g, (match) => {
    if (!seen) {
      seen = true;
      return match;
    }
    return ']]\u2060>';
  });
}
