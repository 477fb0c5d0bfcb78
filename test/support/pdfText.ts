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
  const head = /(\d+) 0 obj\b/g;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const from = m.index + m[0].length;
    const endobj = text.indexOf('endobj', from);
    const streamAt = text.indexOf('stream', from);
    if (streamAt < 0 || (endobj >= 0 && endobj < streamAt)) {
      out.set(Number(m[1]), { dict: text.slice(from, endobj < 0 ? undefined : endobj) });
      continue;
    }
    // A stream: its exact length from the dictionary (binary data may contain anything).
    const dict = text.slice(from, streamAt);
    const length = Number(/\/Length\s+(\d+)(?!\s+0\s+R)/.exec(dict)?.[1] ?? NaN);
    let start = streamAt + 'stream'.length;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const raw = Number.isNaN(length) ? pdf.subarray(start, text.indexOf('endstream', start)) : pdf.subarray(start, start + length);
    let stream = raw;
    if (/\/FlateDecode/.test(dict)) {
      try {
        stream = inflateSync(raw);
      } catch {
        stream = raw;
      }
    }
    out.set(Number(m[1]), { dict, stream });
    head.lastIndex = start + raw.length;
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
  const decode = (content: string): string => {
    let font = new Map<string, string>();
    let text = '';
    for (const m of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g)) {
      if (m[1]) font = fonts.get(m[1]) ?? new Map();
      const hexes = m[2] !== undefined ? [m[2]] : m[3] !== undefined ? [...m[3].matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => x[1]!) : [];
      for (const h of hexes) for (const g of h.match(/.{4}/g) ?? []) text += font.get(g.toUpperCase()) ?? '';
    }
    return text;
  };
  // Pages in document order (the page tree's Kids), each with the text of its content streams.
  const root = [...objs.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent\b/.test(o.dict));
  const kidsOf = (dict: string) => [...(/\/Kids\s*\[([^\]]*)\]/.exec(dict)?.[1] ?? '').matchAll(/(\d+)\s+0\s+R/g)].map((m) => Number(m[1]));
  const leaves = (id: number): number[] => {
    const dict = objs.get(id)?.dict ?? '';
    return /\/Type\s*\/Pages\b/.test(dict) ? kidsOf(dict).flatMap(leaves) : [id];
  };
  const kids = root ? kidsOf(root.dict).flatMap(leaves) : [];
  const texts = kids.map((id) => {
    const pageObj = objs.get(id)?.dict ?? '';
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)/.exec(pageObj)?.[1] ?? '';
    return [...contents.matchAll(/(\d+)\s+0\s+R/g)].map((m) => decode(objs.get(Number(m[1]))?.stream?.toString('latin1') ?? '')).join('');
  });
  return { pageSizes, texts };
}
