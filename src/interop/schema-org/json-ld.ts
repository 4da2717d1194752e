/**
 * JSON for inside an HTML <script> element: `<`, `>` and `&` become \u escapes, so a title holding `</script>` or
 * `<!--` cannot end or alter the element, and U+2028/U+2029 are escaped for older JavaScript parsers. Still JSON.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
