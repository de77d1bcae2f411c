// Generate the README's Action input/output reference from action.yml (between the <!-- action-reference -->
// markers). `node scripts/docs.mjs` rewrites README.md; test/unit/docs.test.ts fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

/** The inputs and outputs of action.yml: a small reader for its plain two-level mapping. */
export function readActionYml(text) {
  const section = (name) => {
    const start = text.indexOf(`\n${name}:\n`);
    if (start < 0) return [];
    const body = text.slice(start + name.length + 3).split(/\n(?=\S)/)[0];
    const items = [];
    for (const block of body.split(/\n(?= {2}[a-z][a-z-]*:\s*$)/m)) {
      const m = /^ {2}([a-z][a-z-]*):\s*$/m.exec(block);
      if (!m) continue;
      const field = (f) => {
        const fm = new RegExp(`^ {4}${f}:\\s*(.*)$`, 'm').exec(block);
        if (!fm) return undefined;
        const v = fm[1].trim();
        return /^'.*'$/.test(v) ? v.slice(1, -1) : v;
      };
      items.push({
        name: m[1],
        description: field('description'),
        default: field('default'),
        required: field('required') === 'true',
      });
    }
    return items;
  };
  return { inputs: section('inputs'), outputs: section('outputs') };
}

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');

export function referenceMarkdown(yml) {
  const { inputs, outputs } = readActionYml(yml);
  return [
    '| input | default | description |',
    '| --- | --- | --- |',
    ...inputs.map(
      (i) =>
        `| \`${i.name}\` | ${i.required ? '(required)' : i.default === '' ? '(empty)' : `\`${cell(i.default)}\``} | ${cell(i.description)} |`,
    ),
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs.map((o) => `| \`${o.name}\` | ${cell(o.description)} |`),
  ].join('\n');
}

export function withReference(readme, yml) {
  const begin = '<!-- action-reference:start (generated from action.yml by scripts/docs.mjs) -->';
  const end = '<!-- action-reference:end -->';
  const a = readme.indexOf(begin);
  const b = readme.indexOf(end);
  if (a < 0 || b < 0) throw new Error('README.md has no action-reference markers');
  return `${readme.slice(0, a + begin.length)}\n${referenceMarkdown(yml)}\n${readme.slice(b)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync('README.md', withReference(readFileSync('README.md', 'utf8'), readFileSync('action.yml', 'utf8')));
  console.log('README.md: action reference regenerated from action.yml');
}
