import { describe, expect, it } from 'vitest';
import { code, escapeMarkdown, fenced, truncateMiddle } from '../../src/report/escape.js';

describe('escapeMarkdown', () => {
  it('neutralises table pipes, HTML, backticks, mentions and newlines', () => {
    const hostile = 'main.(*T).f|x`y`<script>alert(1)</script>\n@octocat & #1 [link](http://x) **b** ~s~ !';
    const out = escapeMarkdown(hostile);
    expect(out.replace(/&#?\w+;/g, '')).not.toMatch(/[|`<>\n@*[\]#~!&]/);
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&#124;');
    expect(out).toContain('&#64;octocat');
    expect(out).toContain('&#96;y&#96;');
    expect(out).toContain('&amp;');
  });
  it('keeps non-ASCII text', () => {
    expect(escapeMarkdown('main.größe·日本')).toBe('main.größe·日本');
  });
  it('cuts very long names in the middle, on code points', () => {
    const long = `github.com/acme/${'x'.repeat(500)}/pkg.Func`;
    const out = truncateMiddle(long, 40);
    expect([...out].length).toBe(40);
    expect(out.startsWith('github.com/acme/')).toBe(true);
    expect(out.endsWith('/pkg.Func')).toBe(true);
    expect([...truncateMiddle('😀'.repeat(50), 11)].length).toBe(11);
  });
  it('wraps in <code>', () => expect(code('a|b')).toBe('<code>a&#124;b</code>'));
});

describe('fenced', () => {
  it('uses a fence longer than any backtick run inside', () => {
    const cmd = "run --start './svc' ```` --load 'x'";
    const out = fenced(cmd, 'sh');
    expect(out.startsWith('`````sh\n')).toBe(true);
    expect(out.endsWith('\n`````')).toBe(true);
  });
});

describe('escapeMarkdown against look-alikes and links', () => {
  it('drops bidi overrides and zero-width characters, and breaks URLs', () => {
    expect(escapeMarkdown('main.safe\u202egnp.exe\u200b')).toBe('main.safegnp.exe');
    expect(escapeMarkdown('main.f http://evil.example/x')).toBe('main.f http:&#47;&#8288;&#47;evil.example/x');
  });
});

describe('escapeMarkdown against math and www autolinks', () => {
  it('leaves no $ for GitHub math', () => {
    const out = escapeMarkdown('main.$x^2$ and $`y`$');
    expect(out).not.toContain('$');
    expect(out).toContain('&#36;x^2&#36;');
  });
  it('breaks "www." and "://" both in the source and after entities are decoded', () => {
    const decode = (s: string) =>
      s.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
    for (const text of ['see www.evil.example/x', 'a_www.evil.example', 'WWW.EVIL.EXAMPLE', 'go http://evil.example']) {
      const out = escapeMarkdown(text);
      // cmark-gfm autolinks "www." and "scheme://" from the source text...
      expect(out).not.toMatch(/www\.|:\/\//i);
      // ...and autolinkers that run on decoded text (remark-gfm) see a word joiner in the way.
      expect(decode(out)).not.toMatch(/www\.|:\/\//i);
      // What a reader sees is the text itself: only the invisible U+2060 is added.
      expect(decode(out).replace(/\u2060/g, '')).toBe(text);
    }
  });
});
