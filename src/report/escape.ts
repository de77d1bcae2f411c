/**
 * Escaping for anything from a profile or a user that lands in Markdown (PR comment, job summary) or HTML.
 * Function names, file paths and commands can hold `|`, backticks, `<script>`, newlines or `@mentions`.
 */

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '`': '&#96;',
  '@': '&#64;',
  '\\': '&#92;',
  '*': '&#42;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;',
  '#': '&#35;',
  '!': '&#33;',
  // GitHub renders $…$ and $`…`$ as math.
  $: '&#36;',
};

/** Longest text we put in one table cell; longer is cut in the middle with an ellipsis. */
export const MAX_CELL_CHARS = 160;

/** Cut long text in the middle (the start and end of a function or path carry the meaning). */
export function truncateMiddle(text: string, max = MAX_CELL_CHARS): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (keep - head)).join('')}`;
}

/**
 * Escape text for inline Markdown or HTML: every character that Markdown, GFM tables, HTML or GitHub's
 * autolinking (mentions, issue references) could act on becomes an HTML entity; control characters and
 * newlines become spaces. Safe inside table cells and inside <code>. Underscores are left alone: GFM does
 * not emphasise inside words, and Go identifiers are full of them.
 * @example escapeMarkdown('a|b <script>') // 'a&#124;b &lt;script&gt;'
 */
export function escapeMarkdown(text: string, max = MAX_CELL_CHARS): string {
  // Control characters and line breaks become spaces; bidi overrides and zero-width characters, which can make
  // a name look like another, are dropped.
  const cleaned = truncateMiddle(
    String(text)
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ''),
    max,
  );
  // "://" and "www." are broken so GitHub does not autolink a URL hidden in a function name or a note: the
  // entity stops cmark-gfm's autolinker (it reads the source), the word joiner (U+2060, invisible) stops
  // autolinkers that run on decoded text.
  return cleaned
    .replace(/[&<>"'|`@\\*[\]~#!$]/g, (c) => ENTITY[c])
    .replace(/:\/\//g, ':&#47;&#8288;&#47;')
    .replace(/(www)\./gi, '$1&#8288;.');
}

/** Text in a <code> span, escaped. */
export function code(text: string, max = MAX_CELL_CHARS): string {
  return `<code>${escapeMarkdown(text, max)}</code>`;
}

/**
 * A command for a fenced code block: it cannot be escaped with entities (they would show), so the fence is
 * made longer than any backtick run inside.
 */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(0, ...[...String(text).matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}
