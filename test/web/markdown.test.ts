/** The methodology page's Markdown renderer: structure, escaping, link safety. */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, inline, renderMarkdown, safeHref, slugify, splitRow } from '../../web/lib/markdown.ts';

describe('markdown', () => {
  it('escapes every character of HTML, in text, code, tables and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const h = renderMarkdown('# <img src=x onerror=alert(1)>\n\n<script>alert(1)</script>\n\n`<b>` | x\n\n| <i>a</i> | b |\n|---|---|\n| <svg onload=1> | `<u>` |\n\n```\n<script>\n```').html;
    expect(h).not.toMatch(/<(script|img|svg|i|b|u)[\s>]/);
    expect(h).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(h).toContain('<code>&lt;b&gt;</code>');
    expect(h).toContain('<td>&lt;svg onload=1&gt;</td>');
  });

  it('keeps only http(s), mailto and in-page links; anything else is text', () => {
    expect(safeHref('https://example.com/a?b=1&c=2')).toBe('https://example.com/a?b=1&c=2');
    expect(safeHref('mailto:x@y.z')).toBe('mailto:x@y.z');
    expect(safeHref('#section-2')).toBe('#section-2');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', '../sim/engine.ts', 'vbscript:x', 'https://a b']) expect(safeHref(bad), bad).toBeNull();
    expect(inline('[x](javascript:alert(1))')).not.toContain('href');
    expect(inline('[the engine](../sim/engine.ts)')).toBe('<span class="md-link" title="../sim/engine.ts">the engine</span>');
    expect(inline('[site](https://ex.com/a_b)')).toBe('<a href="https://ex.com/a_b" rel="noopener noreferrer" target="_blank">site</a>');
    expect(inline('see https://ex.com/x. Then')).toBe('see <a href="https://ex.com/x" rel="noopener noreferrer" target="_blank">https://ex.com/x</a>. Then');
    expect(inline('"><img src=x>')).toBe('&quot;&gt;&lt;img src=x&gt;');
  });

  it('renders inline code, bold, italics, and leaves snake_case and formulas alone', () => {
    expect(inline('**bold** and *it* and _it_ and `a*b*c` and snake_case_name and 2*3*4')).toBe(
      '<strong>bold</strong> and <em>it</em> and <em>it</em> and <code>a*b*c</code> and snake_case_name and 2<em>3</em>4',
    );
    expect(inline('``a ` b``')).toBe('<code>a ` b</code>');
    expect(inline('a \\* b')).toBe('a * b');
  });

  it('renders headings with unique ids, paragraphs, quotes, lists, tables and code blocks', () => {
    const md = [
      '# Title',
      '',
      'First line',
      'second line.',
      '',
      '> quoted **text**',
      '',
      '## Title',
      '',
      '- one',
      '- two',
      '  - nested',
      '- three',
      '',
      '3. c',
      '4. d',
      '',
      '| a | b | c |',
      '|:--|:-:|--:|',
      '| `x|y` | 2 \\| 3 | z |',
      '',
      '```ts',
      'const x = 1 < 2;',
      '```',
      '',
      '---',
    ].join('\n');
    const r = renderMarkdown(md, { idPrefix: 'p-', headingOffset: 1 });
    expect(r.headings).toEqual([
      { level: 2, text: 'Title', id: 'p-title' },
      { level: 3, text: 'Title', id: 'p-title-2' },
    ]);
    expect(r.html).toContain('<h2 id="p-title">Title</h2>');
    expect(r.html).toContain('<p>First line second line.</p>');
    expect(r.html).toContain('<blockquote><p>quoted <strong>text</strong></p></blockquote>');
    expect(r.html).toContain('<ul><li>one</li><li>two\n<ul><li>nested</li></ul></li><li>three</li></ul>');
    expect(r.html).toContain('<ol start="3"><li>c</li><li>d</li></ol>');
    expect(r.html).toContain('<th style="text-align:left">a</th><th style="text-align:center">b</th><th style="text-align:right">c</th>');
    expect(r.html).toContain('<td style="text-align:left"><code>x|y</code></td><td style="text-align:center">2 | 3</td>');
    expect(r.html).toContain('<pre><code class="language-ts">const x = 1 &lt; 2;</code></pre>');
    expect(r.html).toContain('<hr>');
    expect(splitRow('| a | `b|c` | d \\| e |')).toEqual(['a', '`b|c`', 'd \\| e']);
    expect(slugify('2.1 Leverage (liquidation cascade)')).toBe('2-1-leverage-liquidation-cascade');
  });

  it('renders the project docs without raw tags and with every table', () => {
    for (const f of ['calibration.md', 'model.md', 'methodology.md']) {
      const path = join(import.meta.dirname, '../../docs', f);
      if (!existsSync(path)) continue;
      const src = readFileSync(path, 'utf8');
      const { html, headings } = renderMarkdown(src);
      expect(headings.length, f).toBeGreaterThan(0);
      const tables = src.split('\n').filter((l, i, a) => l.includes('|') && /^\s*\|?\s*:?-+/.test(a[i + 1] ?? '') && (a[i + 1] ?? '').includes('|')).length;
      expect((html.match(/<table>/g) ?? []).length, f).toBe(tables);
      expect(html).not.toMatch(/<(script|iframe|img|style)/i);
    }
  });
});
