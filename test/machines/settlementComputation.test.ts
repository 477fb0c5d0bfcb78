// De afrekening van een contractjaar (002 §3.2.2 "Wijze van afrekening"): the pure computation, with the seed's
// worked examples word for word as tests. Amounts in whole euro cents.
import { describe, expect, it } from 'vitest';
import { applyFraction, computeSettlement, formatEuro, MAX_CENTS, SettlementInputError } from '../../machines/settlement.ts';

const euro = (n: number) => n * 100;

describe('002 §3.2.2 afrekening 2018: maximaal 5% lager is toegestaan, het deel hoger dan 5% wordt teruggevorderd', () => {
  it('Voorbeeld 2: "Er is €100.000,- gedeclareerd of nog te declareren [...] en uit accountantsverklaring blijkt dat €95.000,- daadwerkelijk geproduceerd is dan rekenen wij €100.000,- af."', () => {
    const s = computeSettlement({ year: 2018, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(95_000) });
    expect(s.settledCents).toBe(euro(100_000));
    expect(s.repaymentCents).toBe(0);
    expect(s.lines.at(-2)).toBe('Af te rekenen: € 100.000,00.');
  });

  it('Voorbeeld 2: "Er is €100.000,- gedeclareerd of nog te declareren [...] en uit accountantsverklaring blijkt €90.000,- daadwerkelijk geproduceerd is dan rekenen wij €95.000,- af."', () => {
    const s = computeSettlement({ year: 2018, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(90_000) });
    expect(s.settledCents).toBe(euro(95_000));
    expect(s.repaymentCents).toBe(euro(5_000));
    expect(s.lines).toContain(
      'Het deel van het verschil boven 5% wordt teruggevorderd: € 10.000,00 − € 5.000,00 = € 5.000,00; wij rekenen € 100.000,00 − € 5.000,00 = € 95.000,00 af.',
    );
  });

  it('"Bv verschil is 9% dan wordt 4% teruggevorderd."', () => {
    const s = computeSettlement({ year: 2018, declaredCents: euro(60_000), toDeclareCents: euro(40_000), producedCents: euro(91_000) });
    expect(s.reclaimedCents).toBe(euro(4_000));
    expect(s.settledCents).toBe(euro(96_000));
    // 60k already declared, 96k settled: 36k of the still-to-declare remains payable.
    expect(s.stillPayableCents).toBe(euro(36_000));
    expect(s.repaymentCents).toBe(0);
  });

  it('2018 settles fully on the production accountability: no 2.5% KPI part', () => {
    const s = computeSettlement({ year: 2018, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(100_000) });
    expect(s.settledCents).toBe(euro(100_000));
    expect(s.kpiPartCents).toBeUndefined();
  });
});

describe('002 §3.2.2 afrekening vanaf 2019: 97,5% op de productieverantwoording (tenminste 99%), 2,5% op de 4 KPI\'s', () => {
  it('Voorbeeld 1: "€ 100.000,- aan productie [...] dan is €97.500 akkoord en de resterende € 2.500,- mag worden behouden [...] als de informatie tijdig geleverd is"', () => {
    const s = computeSettlement({ year: 2019, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(100_000), kpiInformationTimely: true });
    expect(s.kpiPartCents).toBe(euro(2_500));
    expect(s.settledCents).toBe(euro(100_000));
    expect(s.lines).toContain(
      "97,5% op basis van de productieverantwoording: € 97.500,00 akkoord; de overige 2,5% (€ 2.500,00) hangt af van het tijdig en adequaat leveren van de informatie over de 4 KPI's.",
    );
  });

  it('"Het is dus een korting die doorgevoerd kan worden": without timely KPI information the 2.5% is discounted', () => {
    const s = computeSettlement({ year: 2019, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(100_000), kpiInformationTimely: false });
    expect(s.settledCents).toBe(euro(97_500));
    expect(s.kpiDiscountCents).toBe(euro(2_500));
    expect(s.repaymentCents).toBe(euro(2_500));
  });

  it('"Deze verantwoording dient tenminste 99% te bedragen": at 99% nothing is reclaimed, below it the part beyond 1% is', () => {
    const at99 = computeSettlement({ year: 2020, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(99_000), kpiInformationTimely: true });
    expect(at99.settledCents).toBe(euro(100_000));
    const below = computeSettlement({ year: 2020, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(99_000) - 1, kpiInformationTimely: true });
    expect(below.reclaimedCents).toBe(1);
    expect(below.settledCents).toBe(euro(100_000) - 1);
  });

  it('"voor 97,5%" from 2019 on: the year decides the regime (2019 is not 2018)', () => {
    const s2018 = computeSettlement({ year: 2018, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(96_000) });
    const s2019 = computeSettlement({ year: 2019, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(96_000), kpiInformationTimely: true });
    expect(s2018.settledCents).toBe(euro(100_000));
    expect(s2019.settledCents).toBe(euro(97_000));
  });
});

describe('002 §3.2.2 "Naar boven toe rekenen wij af wat er in de accountantsverklaring staat vermeld mits niet boven de productie-afspraken"', () => {
  it('more production than declared is settled as produced, and the still-to-declare is corrected', () => {
    const s = computeSettlement({ year: 2018, declaredCents: euro(80_000), toDeclareCents: euro(20_000), producedCents: euro(104_000) });
    expect(s.settledCents).toBe(euro(104_000));
    expect(s.stillPayableCents).toBe(euro(24_000));
  });

  it('never above the production agreement', () => {
    const s = computeSettlement({ year: 2018, declaredCents: euro(100_000), toDeclareCents: 0, producedCents: euro(120_000), ceilingCents: euro(110_000) });
    expect(s.settledCents).toBe(euro(110_000));
  });
});

describe('amounts in euro cents: no float drift, Dutch formatting', () => {
  it('formats euro amounts the Dutch way', () => {
    expect(formatEuro(9_500_000)).toBe('€ 95.000,00');
    expect(formatEuro(123_456_789_05)).toBe('€ 123.456.789,05');
    expect(formatEuro(5)).toBe('€ 0,05');
  });

  it('rounds a percentage of cents once, half up, exactly (0.1 + 0.2 never leaks in)', () => {
    expect(applyFraction(1, { num: 975, den: 1000 })).toBe(1);
    expect(applyFraction(2, { num: 975, den: 1000 })).toBe(2);
    expect(applyFraction(MAX_CENTS - 1, { num: 975, den: 1000 })).toBe(974_999_999_999);
    // The two parts always add up to the whole.
    for (const cents of [1, 3, 7, 333_333, 10_000_001]) {
      const s = computeSettlement({ year: 2021, declaredCents: cents, toDeclareCents: 0, producedCents: cents, kpiInformationTimely: true });
      expect(s.settledCents).toBe(cents);
    }
  });

  it('refuses amounts that are not whole cents and years without rules in the seed', () => {
    expect(() => computeSettlement({ year: 2018, declaredCents: 0.5, toDeclareCents: 0, producedCents: 0 })).toThrow(SettlementInputError);
    expect(() => computeSettlement({ year: 2017, declaredCents: 0, toDeclareCents: 0, producedCents: 0 })).toThrow(/vanaf 2018/);
    expect(() => computeSettlement({ year: 2019, declaredCents: 0, toDeclareCents: 0, producedCents: 0 })).toThrow(/KPI/);
  });
});
