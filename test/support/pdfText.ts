// Just enough of a PDF reader for tests: the page size of each page and the text of each content
// stream, decoded through the fonts' ToUnicode maps (Chromium writes CID fonts with glyph ids).
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const start = m.index + m[0].indexOf(body) + at + body.slice(at).indexOf('\n') + 1;
    const end = text.lastIndexOf('endstream', m.index + m[0].length);
    let raw = pdf.subarray(start, end);
    if (raw[raw.length - 1] === 0x0a) raw = raw.subarray(0, raw.length - 1);
    if (raw[raw.length - 1] === 0x0d) raw = raw.subarray(0, raw.length - 1);
    let stream = raw;
    if (/\/FlateDecode/.test(body.slice(0, at))) {
      try {
        stream = inflateSync(raw);
      } catch {
        stream = raw;
      }
    }
    out.set(Number(m[1]), { dict: body.slice(0, at), stream });
  }
  return out;
}

function toUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(m[1]!.toUpperCase(), hex(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const from = parseInt(m[1]!, 16);
      const to = parseInt(m[2]!, 16);
      const dst = parseInt(m[3]!, 16);
      for (let g = from; g <= to; g++) map.set(g.toString(16).toUpperCase().padStart(m[1]!.length, '0'), String.fromCodePoint(dst + g - from));
    }
  }
  return map;
}

export interface PdfInfo {
  /** Width × height of each page in points (A4 is 595 × 842). */
  pageSizes: { width: number; height: number }[];
  /** The text of each content stream (one per page in Chromium's PDFs), runs joined without spaces. */
  texts: string[];
}

export function readPdf(pdf: Buffer): PdfInfo {
  const objs = objects(pdf);
  const pageSizes: PdfInfo['pageSizes'] = [];
  const fonts = new Map<string, Map<string, string>>();
  for (const o of objs.values()) {
    if (/\/Type\s*\/Page\b/.test(o.dict)) {
      const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(o.dict);
      if (box) pageSizes.push({ width: Number(box[3]) - Number(box[1]), height: Number(box[4]) - Number(box[2]) });
    }
    for (const f of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
      for (const ref of f[1]!.matchAll(/\/(\w+)\s+(\d+)\s+0\s+R/g)) {
        if (fonts.has(ref[1]!)) continue;
        const font = objs.get(Number(ref[2]));
        const uni = font && /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font.dict);
        const cmap = uni ? objs.get(Number(uni[1]))?.stream : undefined;
        if (cmap) fonts.set(ref[1]!, toUnicode(cmap.toString('latin1')));
      }
    }
  }
  const texts: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream || /\/(Subtype|Type)\s*\/(Image|XObject|FontFile|Metadata)/.test(o.dict) || /\/Length1/.test(o.dict)) continue;
    const content = o.stream.toString('latin1');
    if (!/\bT[jJ]\b/.test(content)) continue;
    let font = new Map<string, string>();
    let text = '';
    for (const m of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g)) {
      if (m[1]) font = fonts.get(m[1]) ?? new Map();
      const hexes = m[2] !== undefined ? [m[2]] : m[3] !== undefined ? [...m[3].matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => x[1]!) : [];
      for (const h of hexes) for (const g of h.match(/.{4}/g) ?? []) text += font.get(g.toUpperCase()) ?? '';
    }
    texts.push(text);
  }
  return { pageSizes, texts };
}
