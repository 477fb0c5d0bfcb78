// Afrekening van een contractjaar (002 §3.2.2 "Wijze van afrekening", artikel 6.4 van de overeenkomst): the
// settlement computed from the production accountability under the rules in force for the contract year,
// with every step as a Dutch line a person can check. Pure: no imports at all. Amounts are whole euro
// cents (integers); percentages are exact fractions, rounded once per step to the nearest cent (half up).
//
// The seed's rules, word for word:
// - 2018: "In 2018 vindt de afrekening volledig plaats op basis van de financiële productieverantwoording. Het is
//   toegestaan dat de verantwoorde productie maximaal 5% lager is dan de som van de gedeclareerde en nog te
//   declareren weekbudgetten. [...] Bij een verschil [...] van meer dan 5% wordt het deel hoger dan 5%
//   teruggevorderd. Bv verschil is 9% dan wordt 4% teruggevorderd." Worked examples (Voorbeeld 2): declared
//   € 100.000, produced € 95.000 → "dan rekenen wij €100.000,- af"; produced € 90.000 → "€95.000,- af".
// - From 2019: "Vanaf 2019 vindt afrekening voor 97,5% plaats op basis van de financiële productieverantwoording.
//   Deze verantwoording dient tenminste 99% te bedragen van de som van de gedeclareerde en nog te declareren
//   weekbudgetten. Indien dit lager is dan 99% kan het verschil worden teruggevorderd." and "De overige 2,5% wordt
//   afgerekend op basis van het tijdig en adequaat leveren van de informatie met betrekking tot de 4 KPI's".
//   Worked example (Voorbeeld 1): production € 100.000 → "€97.500 akkoord en de resterende € 2.500,- mag worden
//   behouden [...] als de informatie tijdig geleverd is".
// - Both years, upwards: "Naar boven toe rekenen wij af wat er in de accountantsverklaring staat vermeld mits niet
//   boven de productie-afspraken."
//
// Interpretation (keuze, documented): "het verschil" from 2019 is read like the 2018 sentence the seed itself
// explains ("het deel hoger dan 5%"): what is reclaimed is the part of the shortfall beyond the tolerance of 1%,
// so the amount in order is min(declared + to declare, production + 1% of it). The KPI part is 2.5% of that amount;
// without timely and adequate KPI information it is the discount ("korting") that "kan worden doorgevoerd".

export const SETTLEMENT_RULE = '002 §3.2.2 Wijze van afrekening (artikel 6.4 van de overeenkomst)';
export const FIRST_CONTRACT_YEAR = 2018;

/** A fraction num/den, exact. */
interface Fraction {
  num: number;
  den: number;
}

const pct = (num: number, den = 100): Fraction => ({ num, den });
/** 2018: "maximaal 5% lager". */
export const TOLERANCE_2018 = pct(5);
/** From 2019: "tenminste 99%", so a tolerance of 1%. */
export const MINIMUM_SHARE_2019 = pct(99);
export const TOLERANCE_2019 = pct(1);
/** From 2019: "voor 97,5% [...] op basis van de financiële productieverantwoording". */
export const PRODUCTION_SHARE_2019 = pct(975, 1000);

/** The largest amount taken (10 billion euro in cents): every product stays below 2^53. */
export const MAX_CENTS = 1_000_000_000_000;

/** cents × num / den rounded to the nearest cent, half up; exact for amounts up to MAX_CENTS. */
export function applyFraction(cents: number, { num, den }: Fraction): number {
  const product = cents * num;
  const quotient = Math.floor(product / den);
  const remainder = product - quotient * den;
  return remainder * 2 >= den ? quotient + 1 : quotient;
}

/** Dutch euro amount: `€ 95.000,00`, `€ -1.234,50` as `-€ 1.234,50`. */
export function formatEuro(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${sign}€ ${euros},${rest}`;
}

const formatFraction = ({ num, den }: Fraction): string => {
  const value = (num * 100) / den;
  return `${Number.isInteger(value) ? value : value.toFixed(1).replace('.', ',')}%`;
};

export interface SettlementInput {
  /** Contract year (2018 or later). */
  year: number;
  /** Declared week budgets ("gedeclareerd"), cents. */
  declaredCents: number;
  /** Week budgets still to declare ("nog te declareren", the steltpost), cents. */
  toDeclareCents: number;
  /** Production in the auditor's production accountability, cents. */
  producedCents: number;
  /** The production agreement ("productie-afspraken", the production ceiling), cents; optional. */
  ceilingCents?: number;
  /** From 2019: the information on the 4 KPIs was delivered timely and adequately (contract management's judgement). */
  kpiInformationTimely?: boolean;
}

export interface Settlement {
  year: number;
  regime: '2018' | 'vanaf-2019';
  /** Declared plus still to declare, cents. */
  claimedCents: number;
  /** The amount settled, cents. */
  settledCents: number;
  /** Reclaimed from what was claimed (claimed − settled, when positive), cents. */
  reclaimedCents: number;
  /** Already declared minus settled, when positive: to repay, cents. */
  repaymentCents: number;
  /** Settled minus already declared, when positive: still to declare or pay, cents. */
  stillPayableCents: number;
  /** The KPI part (from 2019): kept or discounted. */
  kpiPartCents?: number;
  kpiDiscountCents?: number;
  /** The computation step by step, Dutch, one line per step. */
  lines: string[];
  rule: string;
}

export class SettlementInputError extends Error {
  constructor(
    readonly field: keyof SettlementInput,
    message: string,
  ) {
    super(message);
    this.name = 'SettlementInputError';
  }
}

function checkAmount(field: keyof SettlementInput, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_CENTS) {
    throw new SettlementInputError(field, `${field}: verwacht een heel aantal eurocent tussen 0 en ${MAX_CENTS}`);
  }
}

/** The settlement of one contract year, with its computation in Dutch lines. Throws SettlementInputError on bad input. */
export function computeSettlement(input: SettlementInput): Settlement {
  const { year, declaredCents, toDeclareCents, producedCents, ceilingCents } = input;
  if (!Number.isInteger(year) || year < FIRST_CONTRACT_YEAR) {
    throw new SettlementInputError('year', `year: de seed geeft afrekenregels vanaf ${FIRST_CONTRACT_YEAR}`);
  }
  checkAmount('declaredCents', declaredCents);
  checkAmount('toDeclareCents', toDeclareCents);
  checkAmount('producedCents', producedCents);
  checkAmount('ceilingCents', ceilingCents);
  const regime = year === 2018 ? '2018' : 'vanaf-2019';
  if (regime === 'vanaf-2019' && input.kpiInformationTimely === undefined) {
    throw new SettlementInputError('kpiInformationTimely', 'kpiInformationTimely: vanaf 2019 is nodig of de informatie over de 4 KPI\'s tijdig en adequaat is geleverd');
  }

  const claimed = declaredCents + toDeclareCents;
  const lines: string[] = [
    `Contractjaar ${year}: afrekenregels ${regime === '2018' ? 'voor 2018' : 'vanaf 2019'} (${SETTLEMENT_RULE}).`,
    `Gedeclareerd ${formatEuro(declaredCents)} + nog te declareren ${formatEuro(toDeclareCents)} = ${formatEuro(claimed)}.`,
    `Verantwoorde productie volgens de accountantsverklaring: ${formatEuro(producedCents)}.`,
  ];

  // The amount in order before the KPI split.
  let inOrder: number;
  if (producedCents >= claimed) {
    inOrder = producedCents;
    lines.push(`De productie is niet lager dan het gedeclareerde en nog te declareren bedrag: naar boven toe rekenen wij af wat in de accountantsverklaring staat, ${formatEuro(producedCents)}.`);
    if (ceilingCents !== undefined && producedCents > ceilingCents) {
      inOrder = Math.max(ceilingCents, claimed);
      lines.push(`Mits niet boven de productieafspraken (${formatEuro(ceilingCents)}): wij rekenen ${formatEuro(inOrder)} af.`);
    }
  } else {
    const tolerance = regime === '2018' ? TOLERANCE_2018 : TOLERANCE_2019;
    const minimumShare = { num: tolerance.den - tolerance.num, den: tolerance.den };
    const toleranceCents = applyFraction(claimed, tolerance);
    const minimum = claimed - toleranceCents;
    const shortfall = claimed - producedCents;
    lines.push(
      `Verschil: ${formatEuro(claimed)} − ${formatEuro(producedCents)} = ${formatEuro(shortfall)}. ` +
        (regime === '2018'
          ? `Toegestaan is maximaal ${formatFraction(tolerance)} lager: ${formatFraction(tolerance)} van ${formatEuro(claimed)} = ${formatEuro(toleranceCents)}.`
          : `De verantwoording moet tenminste ${formatFraction(minimumShare)} bedragen: ${formatFraction(minimumShare)} van ${formatEuro(claimed)} = ${formatEuro(minimum)}.`),
    );
    if (producedCents >= minimum) {
      inOrder = claimed;
      lines.push(`De productie ligt binnen de toegestane ${formatFraction(tolerance)}: wij rekenen ${formatEuro(claimed)} af.`);
    } else {
      const reclaimed = minimum - producedCents;
      inOrder = claimed - reclaimed;
      lines.push(
        `Het deel van het verschil boven ${formatFraction(tolerance)} wordt teruggevorderd: ${formatEuro(shortfall)} − ${formatEuro(toleranceCents)} = ${formatEuro(reclaimed)}; ` +
          `wij rekenen ${formatEuro(claimed)} − ${formatEuro(reclaimed)} = ${formatEuro(inOrder)} af.`,
      );
    }
  }

  let settled = inOrder;
  let kpiPartCents: number | undefined;
  let kpiDiscountCents: number | undefined;
  if (regime === 'vanaf-2019') {
    const production = applyFraction(inOrder, PRODUCTION_SHARE_2019);
    kpiPartCents = inOrder - production;
    lines.push(
      `${formatFraction(PRODUCTION_SHARE_2019)} op basis van de productieverantwoording: ${formatEuro(production)} akkoord; ` +
        `de overige ${formatFraction({ num: 25, den: 1000 })} (${formatEuro(kpiPartCents)}) hangt af van het tijdig en adequaat leveren van de informatie over de 4 KPI's.`,
    );
    if (input.kpiInformationTimely) {
      kpiDiscountCents = 0;
      lines.push(`De KPI-informatie is tijdig en adequaat geleverd: de ${formatEuro(kpiPartCents)} mag worden behouden.`);
    } else {
      kpiDiscountCents = kpiPartCents;
      settled = production;
      lines.push(`De KPI-informatie is niet tijdig of adequaat geleverd: korting van ${formatEuro(kpiPartCents)}.`);
    }
  }

  const reclaimedCents = Math.max(0, claimed - settled);
  const repaymentCents = Math.max(0, declaredCents - settled);
  const stillPayableCents = Math.max(0, settled - declaredCents);
  lines.push(`Af te rekenen: ${formatEuro(settled)}.`);
  if (repaymentCents > 0) lines.push(`Gedeclareerd ${formatEuro(declaredCents)} − af te rekenen ${formatEuro(settled)} = ${formatEuro(repaymentCents)} terug te betalen.`);
  else if (stillPayableCents > 0) lines.push(`Af te rekenen ${formatEuro(settled)} − gedeclareerd ${formatEuro(declaredCents)} = ${formatEuro(stillPayableCents)} nog te declareren of te betalen.`);
  else lines.push('Niets terug te betalen en niets meer te declareren.');

  return {
    year,
    regime,
    claimedCents: claimed,
    settledCents: settled,
    reclaimedCents,
    repaymentCents,
    stillPayableCents,
    ...(kpiPartCents !== undefined ? { kpiPartCents, kpiDiscountCents } : {}),
    lines,
    rule: SETTLEMENT_RULE,
  };
}
