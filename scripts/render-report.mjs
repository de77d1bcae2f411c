#!/usr/bin/env node
/**
 * Render a run's report.md the way a reviewer sees the PR comment, and take a screenshot:
 * GFM (marked) plus mermaid (rendered in the page) in headless Chromium, at GitHub's comment width, with
 * GitHub-like CSS. Also says whether any table would scroll sideways at that width.
 *
 *   npm run render-report -- DIR [--out FILE.png] [--width 900] [--open] [--check]
 *
 * DIR holds report.md (the --out directory of a run). Writes DIR/report.png unless --out is given; --open
 * expands every <details>; --check exits 1 when the first table scrolls sideways. Needs Debian's chromium
 * (apt-get install -y chromium fonts-noto-color-emoji) or CHROMIUM_PATH; exit 2 with what to install when something
 * is missing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const USAGE = 'usage: npm run render-report -- DIR [--out FILE.png] [--width 900] [--open] [--check]';

function fail(msg) {
  console.error(`render-report: ${msg}`);
  process.exit(2);
}

function usage() {
  console.log(USAGE);
  process.exit(0);
}

function parseArgs(argv) {
  const o = { dir: null, out: null, width: 900, open: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') o.out = argv[++i];
    else if (a === '--width') o.width = Number(argv[++i]);
    else if (a === '--open') o.open = true;
    else if (a === '--check') o.check = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) fail(`unknown option ${a}; ${USAGE}`);
    else if (o.dir === null) o.dir = a;
    else fail(`one directory only; ${USAGE}`);
  }
  if (o.dir === null) fail(`no directory given; ${USAGE}`);
  if (o.out === '' || o.out === undefined) fail(`--out needs a file name; ${USAGE}`);
  if (!Number.isFinite(o.width) || o.width < 300 || o.width > 4000)
    fail('--width must be a number of pixels between 300 and 4000');
  return o;
}

/** The Chromium to drive: CHROMIUM_PATH, else the usual Debian/Ubuntu places. */
function findChromium() {
  const given = process.env.CHROMIUM_PATH;
  if (given)
    return existsSync(given) ? given : fail(`CHROMIUM_PATH=${given} does not exist; unset it to use /usr/bin/chromium`);
  for (const c of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'])
    if (existsSync(c)) return c;
  return fail(
    'chromium not found; install it with `sudo apt-get update && sudo apt-get install -y chromium ' +
      'fonts-noto-color-emoji` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chrome or Chromium binary',
  );
}

async function load(name) {
  try {
    return await import(name);
  } catch {
    return fail(`the dev dependency ${name} is missing; run \`npm ci\` in the repository first`);
  }
}

/** GitHub-like styles for a comment body (primer's markdown-body, the parts a report uses). */
const MONO = 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace';
const SANS = '-apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif';
const CSS = `
body { margin: 0; background: #fff; }
.comment { box-sizing: border-box; border: 1px solid #d0d7de; border-radius: 6px; margin: 8px; }
.comment-header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px;
  font: 14px ${SANS}; color: #59636e; border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; font-family: ${SANS};
  font-size: 14px; line-height: 1.5; color: #1f2328; word-wrap: break-word; }
.markdown-body > *:first-child { margin-top: 0 !important; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; line-height: 1.25; }
.markdown-body h4 { font-size: 1em; font-weight: 600; margin: 24px 0 16px; line-height: 1.25; }
.markdown-body p, .markdown-body blockquote, .markdown-body ul, .markdown-body table, .markdown-body pre,
.markdown-body details { margin-top: 0; margin-bottom: 16px; }
.markdown-body ul { padding-left: 2em; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d0d7de; margin-left: 0; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces;
  background: #818b981f; border-radius: 6px; font-family: ${MONO}; }
.markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background: #f6f8fa;
  border-radius: 6px; font-family: ${MONO}; }
.markdown-body pre code { padding: 0; background: transparent; font-size: 100%; white-space: pre; }
.markdown-body table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content;
  max-width: 100%; overflow: auto; font-variant: tabular-nums; }
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d0d7de; }
.markdown-body table tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
.markdown-body table tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body sub { font-size: 75%; }
.markdown-body summary { cursor: pointer; }
.markdown-body pre.mermaid { background: transparent; padding: 0; text-align: center; }
`;

/** What GitHub's sanitizer drops that a report could hold: style and class attributes, scripts. Rough. */
function sanitizeLikeGitHub(html) {
  return html.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/\s(style|on\w+)="[^"]*"/gi, '');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const mdPath = join(o.dir, 'report.md');
  if (!existsSync(mdPath)) fail(`${mdPath}: no such file; give the --out directory of a go-mem-gate run`);
  const out = resolve(o.out ?? join(o.dir, 'report.png'));
  if (!existsSync(dirname(out))) fail(`${dirname(out)}: no such directory for --out`);
  const executablePath = findChromium();
  const emoji = ['/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf', '/usr/share/fonts/noto/NotoColorEmoji.ttf'];
  if (process.platform === 'linux' && !emoji.some((f) => existsSync(f))) {
    console.error(
      'render-report: no colour emoji font, so ✅ ❌ ⚠️ and the chart legend squares show as boxes; ' +
        'install fonts-noto-color-emoji',
    );
  }
  const { marked } = await load('marked');
  const { chromium } = await load('playwright-core');
  let mermaidJs;
  try {
    mermaidJs = require.resolve('mermaid/dist/mermaid.min.js');
  } catch {
    fail('the dev dependency mermaid is missing; run `npm ci` in the repository first');
  }

  const md = readFileSync(mdPath, 'utf8');
  let body = sanitizeLikeGitHub(await marked.parse(md, { gfm: true }));
  // GitHub renders ```mermaid blocks as diagrams.
  body = body.replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    '<pre class="mermaid">$1</pre>',
  );
  if (o.open) body = body.replace(/<details>/g, '<details open>');
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>
<div class="comment" style="width:${o.width}px"><div class="comment-header"><b>github-actions</b> bot commented</div>
<div class="markdown-body">${body}</div></div></body></html>`;

  const profile = mkdtempSync(join(tmpdir(), 'render-report-'));
  let browser;
  try {
    // A fresh profile each time (launchPersistentContext takes it as --user-data-dir).
    browser = await chromium
      .launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        viewport: { width: o.width + 16, height: 800 },
        deviceScaleFactor: 1,
      })
      .catch((err) => fail(`could not start ${executablePath}: ${String(err.message).split('\n')[0]}`));
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.setContent(html, { waitUntil: 'load' });
    await page.addScriptTag({ path: mermaidJs });
    const mermaidError = await page.evaluate(async () => {
      /* global mermaid, document */
      if (!document.querySelector('pre.mermaid')) return null;
      mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' });
      try {
        await mermaid.run({ querySelector: 'pre.mermaid' });
        return null;
      } catch (err) {
        return String(err?.message ?? err);
      }
    });
    if (mermaidError) console.error(`render-report: mermaid could not draw a chart: ${mermaidError.split('\n')[0]}`);
    const tables = await page.evaluate(() =>
      [...document.querySelectorAll('.markdown-body table')].map((t) => ({
        scroll: t.scrollWidth,
        client: t.clientWidth,
      })),
    );
    tables.forEach((t, i) => {
      const verdict =
        t.scroll > t.client + 1
          ? `SCROLLS sideways (${t.scroll} px of content in ${t.client} px)`
          : `fits (${t.scroll} px)`;
      console.log(`table ${i + 1}: ${verdict}`);
    });
    await page.locator('.comment').screenshot({ path: out });
    console.log(`wrote ${out}`);
    if (o.check && tables[0] && tables[0].scroll > tables[0].client + 1) process.exitCode = 1;
    if (mermaidError) process.exitCode = 1;
  } finally {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => fail(String(err?.message ?? err).split('\n')[0]));
