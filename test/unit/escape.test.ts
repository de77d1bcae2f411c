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
    expect(escapeMarkdown('main.f http://evil.example/x')).toBe('main.f http:&#47;&#47;evil.example/x');
  });
});
