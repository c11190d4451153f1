/**
 * A small, safe Markdown renderer for the methodology page (docs/*.md):
 * headings (with ids), paragraphs, block quotes, ordered and unordered
 * lists (nested by indentation), GitHub pipe tables (with alignment), fenced
 * code, rules, and inline code, bold, italics, links and bare URLs.
 *
 * Safety: every character of the source is HTML-escaped; no raw HTML passes
 * through. Links keep only http(s), mailto and in-page (#) targets; any
 * other target (a relative file such as `../sim/engine.ts`, `javascript:`)
 * is shown as its text with the target in a title. Pure; no dependency.
 */

export interface Heading {
  level: number;
  text: string;
  id: string;
}

export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/** Link targets that may become an href. */
export function safeHref(url: string): string | null {
  const u = url.trim();
  if (/^https?:\/\/[^\s"<>]+$/i.test(u) || /^mailto:[^\s"<>]+$/i.test(u) || /^#[\w-]*$/.test(u)) return u;
  return null;
}

function link(textHtml: string, url: string): string {
  const href = safeHref(url);
  if (href === null) return `<span class="md-link" title="${escapeHtml(url)}">${textHtml}</span>`;
  const external = /^(https?:|mailto:)/i.test(href);
  return `<a href="${escapeHtml(href)}"${external ? ' rel="noopener noreferrer" target="_blank"' : ''}>${textHtml}</a>`;
}

/** Inline Markdown to escaped HTML. */
export function inline(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    // Backslash escapes.
    if (ch === '\\' && i + 1 < s.length && /[\\`*_{}[\]()#+\-.!|<>~]/.test(s[i + 1])) {
      out += escapeHtml(s[i + 1]);
      i += 2;
      continue;
    }
    // Code spans: a run of n backticks up to the next run of exactly n.
    if (ch === '`') {
      let n = 0;
      while (s[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let j = s.indexOf(fence, i + n);
      while (j >= 0 && s[j + n] === '`') j = s.indexOf(fence, j + n + 1);
      if (j >= 0) {
        let code = s.slice(i + n, j);
        if (code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
        out += `<code>${escapeHtml(code)}</code>`;
        i = j + n;
        continue;
      }
      out += escapeHtml(fence);
      i += n;
      continue;
    }
    // Links [text](url "title").
    if (ch === '[') {
      const m = /^\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/.exec(s.slice(i));
      if (m) {
        out += link(inline(m[1]), m[2]);
        i += m[0].length;
        continue;
      }
    }
    // Autolinks <https://...>.
    if (ch === '<') {
      const m = /^<((?:https?:\/\/|mailto:)[^>\s]+)>/i.exec(s.slice(i));
      if (m) {
        out += link(escapeHtml(m[1]), m[1]);
        i += m[0].length;
        continue;
      }
    }
    // Bare URLs (not inside a word).
    if ((ch === 'h' || ch === 'H') && (i === 0 || !/[\w/]/.test(s[i - 1]))) {
      const m = /^https?:\/\/[^\s<>()"]+/i.exec(s.slice(i));
      if (m) {
        const url = m[0].replace(/[.,;:!?'"*_]+$/, '');
        out += link(escapeHtml(url), url);
        i += url.length;
        continue;
      }
    }
    // Bold **x** or __x__.
    if ((ch === '*' || ch === '_') && s[i + 1] === ch) {
      const close = s.indexOf(ch + ch, i + 2);
      if (close > i + 2 && s[i + 2] !== ' ' && (ch === '*' || !/\w/.test(s[i - 1] ?? ''))) {
        out += `<strong>${inline(s.slice(i + 2, close))}</strong>`;
        i = close + 2;
        continue;
      }
    }
    // Italics *x* or _x_ (underscores only at word boundaries, so snake_case stays).
    if (ch === '*' || ch === '_') {
      const prevWord = /\w/.test(s[i - 1] ?? '');
      if (s[i + 1] && s[i + 1] !== ' ' && s[i + 1] !== ch && !(ch === '_' && prevWord)) {
        let j = i + 1;
        while (j < s.length) {
          j = s.indexOf(ch, j);
          if (j < 0) break;
          if (s[j - 1] !== ' ' && s[j - 1] !== '\\' && s[j + 1] !== ch && !(ch === '_' && /\w/.test(s[j + 1] ?? ''))) break;
          j++;
        }
        if (j > i + 1) {
          out += `<em>${inline(s.slice(i + 1, j))}</em>`;
          i = j + 1;
          continue;
        }
      }
    }
    out += escapeHtml(ch);
    i++;
  }
  return out;
}

/** Splits a table row on pipes outside code spans and escapes. */
export function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '\\' && t[i + 1] === '|') {
      cur += '\\|';
      i++;
      continue;
    }
    if (c === '`') inCode = !inCode;
    if (c === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

const isTableSep = (l: string) => /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(l) && l.includes('-');
const listItem = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

/** Block-level Markdown to HTML; `headings` collects the headings (for a table of contents). */
export function renderMarkdown(src: string, opts: { idPrefix?: string; headingOffset?: number } = {}): RenderedMarkdown {
  const headings: Heading[] = [];
  const used = new Set<string>();
  const html = blocks(src.replace(/\r\n?/g, '\n').split('\n'), headings, used, opts.idPrefix ?? '', opts.headingOffset ?? 0);
  return { html, headings };
}

function blocks(lines: string[], headings: Heading[], used: Set<string>, prefix: string, offset: number): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    // Fenced code.
    const fence = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (fence) {
      const marker = fence[1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(marker)) body.push(lines[i++]);
      i++;
      out.push(`<pre><code${fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : ''}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    // Headings.
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const level = Math.min(6, h[1].length + offset);
      const text = h[2];
      let id = prefix + slugify(text.replace(/[`*_]/g, ''));
      for (let k = 2; used.has(id); k++) id = `${prefix}${slugify(text)}-${k}`;
      used.add(id);
      headings.push({ level, text: text.replace(/[`*_]/g, ''), id });
      out.push(`<h${level} id="${escapeHtml(id)}">${inline(text)}</h${level}>`);
      i++;
      continue;
    }
    // Horizontal rule.
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    // Block quote.
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*>\s?/, ''));
      out.push(`<blockquote>${blocks(body, headings, used, prefix, offset)}</blockquote>`);
      continue;
    }
    // Table: a row with pipes followed by a separator row.
    if (line.includes('|') && i + 1 < lines.length && isTableSep(lines[i + 1])) {
      const head = splitRow(line);
      const aligns = splitRow(lines[i + 1]).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : ''));
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && lines[i].trim() && lines[i].includes('|')) rows.push(splitRow(lines[i++]));
      const cell = (tag: string, c: string, k: number) => `<${tag}${aligns[k] ? ` style="text-align:${aligns[k]}"` : ''}>${inline(c)}</${tag}>`;
      out.push(
        `<div class="md-table"><table><thead><tr>${head.map((c, k) => cell('th', c, k)).join('')}</tr></thead><tbody>${rows
          .map((r) => `<tr>${head.map((_, k) => cell('td', r[k] ?? '', k)).join('')}</tr>`)
          .join('')}</tbody></table></div>`,
      );
      continue;
    }
    // Lists (nested by indentation).
    const li = listItem.exec(line);
    if (li) {
      const indent = li[1].length;
      const ordered = /\d/.test(li[2]);
      const items: string[][] = [];
      let start = ordered ? parseInt(li[2], 10) : 1;
      while (i < lines.length) {
        const m = listItem.exec(lines[i]);
        if (m && m[1].length === indent && /\d/.test(m[2]) === ordered) {
          items.push([m[3]]);
          i++;
          continue;
        }
        // Continuation: indented lines, nested lists, or a lazy continuation of the paragraph.
        if (items.length && lines[i].trim() && (/^\s+/.test(lines[i]) && (lines[i].length - lines[i].trimStart().length > indent) || (!m && !/^\s*(#|>|```|\|)/.test(lines[i])))) {
          items[items.length - 1].push(lines[i].slice(Math.min(indent + 2, lines[i].length - lines[i].trimStart().length)));
          i++;
          continue;
        }
        if (!lines[i].trim() && i + 1 < lines.length) {
          const n = listItem.exec(lines[i + 1]);
          const nIndent = lines[i + 1].length - lines[i + 1].trimStart().length;
          if ((n && n[1].length === indent && /\d/.test(n[2]) === ordered) || (lines[i + 1].trim() && nIndent > indent)) {
            items[items.length - 1].push('');
            i++;
            continue;
          }
        }
        break;
      }
      if (!ordered) start = 1;
      const body = items
        .map((it) => {
          const inner = blocks(it, headings, used, prefix, offset);
          // A single-paragraph item renders without the <p>.
          const tight = inner.match(/^<p>([\s\S]*?)<\/p>([\s\S]*)$/);
          return `<li>${tight && !tight[1].includes('<p>') ? tight[1] + tight[2] : inner}</li>`;
        })
        .join('');
      out.push(ordered ? `<ol${start !== 1 ? ` start="${start}"` : ''}>${body}</ol>` : `<ul>${body}</ul>`);
      continue;
    }
    // Paragraph: until a blank line or another block starts.
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,6}\s|\s*>|\s*(`{3,}|~{3,}))/.test(lines[i]) && !listItem.test(lines[i]) && !(lines[i].includes('|') && i + 1 < lines.length && isTableSep(lines[i + 1]))) {
      para.push(lines[i].trim());
      i++;
    }
    if (para.length) out.push(`<p>${inline(para.join('\n')).replace(/\n/g, ' ')}</p>`);
    else i++;
  }
  return out.join('\n');
}
