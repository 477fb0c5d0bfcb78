// Long lists in the console (Mijn werk, Zaken, Toezicht) come in pages of 50 with the Utrecht
// pagination under them; the order of the list (overdue first) is kept across pages.
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, pageNumber, paginate } from '../../console/layout.ts';

const items = Array.from({ length: 230 }, (_, i) => i);
const href = (n: number) => `/mijn-werk?pagina=${n}`;

describe('pagination of long lists', () => {
  it('shows the first 50 of 230 with a range in words and links to the next page, none to a previous one', () => {
    const p = paginate(items, 1, href);
    expect(p.items).toEqual(items.slice(0, PAGE_SIZE));
    expect(p.range).toBe('1–50 van 230');
    const nav = String(p.nav);
    expect(nav).toContain('aria-label="Paginering"');
    expect(nav).toMatch(/relative-link--next" rel="next" href="\/mijn-werk\?pagina=2">Volgende/);
    expect(nav).toMatch(/utrecht-pagination__relative-link--prev utrecht-pagination__relative-link--disabled" aria-disabled="true">Vorige/);
    expect(nav).toMatch(/aria-current="page" href="\/mijn-werk\?pagina=1"/);
    expect(nav).toContain('Pagina 5'); // the last page is always offered
  });

  it('the last page holds the rest, in order; a page past the end shows the last page', () => {
    expect(paginate(items, 5, href).items).toEqual(items.slice(200));
    expect(paginate(items, 5, href).range).toBe('201–230 van 230');
    expect(paginate(items, 99, href).items).toEqual(items.slice(200));
    expect(String(paginate(items, 5, href).nav)).toMatch(/relative-link--next utrecht-pagination__relative-link--disabled/);
  });

  it('a short list has no navigation and its count as the range', () => {
    const p = paginate(items.slice(0, 12), 1, href);
    expect(p.items).toHaveLength(12);
    expect(p.nav).toBe('');
    expect(p.range).toBe('12');
  });

  it('reads ?pagina= leniently: absent, zero, negative or not a number is page 1', () => {
    expect(pageNumber({ pagina: '3' })).toBe(3);
    for (const q of [{}, { pagina: '0' }, { pagina: '-2' }, { pagina: 'drie' }, { pagina: ['2'] }, undefined]) expect(pageNumber(q)).toBe(1);
  });
});
