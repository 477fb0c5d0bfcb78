// The console's one glossary of codes people may meet: every enum value of every schema (start data,
// event payloads, personal data) with its Dutch label. Forms, the dossier and lists take their words
// from here, never from the code itself ("Gi", "Bedreiging intimidatie"). A test keeps it complete.
import { ROLE_LABELS, type AnyRole } from '../machines/types.ts';

export const VALUE_LABELS: Record<string, string> = {
  // Escalatieladder: signaal, grond, maatregel, uitkomst
  kwaliteit: 'Kwaliteit',
  continuiteit: 'Continuïteit',
  rechtmatigheid: 'Rechtmatigheid',
  tijdigheid: 'Tijdigheid',
  'ernstige-tekortkoming': 'Ernstige tekortkoming',
  fraude: 'Fraude',
  'onveiligheid-igj-of-toezichthouder': 'Onveiligheid, vastgesteld door de IGJ of een toezichthouder',
  'structureel-uitvallen-continuiteit': 'Structureel uitvallen van de continuïteit',
  'negatieve-ervaringen-andere-gemeenten': 'Negatieve ervaringen in andere gemeenten',
  'valsheid-in-geschrifte': 'Valsheid in geschrifte',
  oplichting: 'Oplichting',
  verduistering: 'Verduistering',
  geheel: 'Geheel',
  gedeeltelijk: 'Gedeeltelijk',
  'geen-verlenging-optiejaren': 'Geen verlenging met optiejaren',
  'ontbinding-per-direct': 'Ontbinding per direct',
  'maatregel-gehandhaafd': 'Maatregel gehandhaafd',
  'maatregel-ingetrokken': 'Maatregel ingetrokken',
  'andere-trede': 'Andere trede',
  hersteld: 'Hersteld',
  beeindigd: 'Beëindigd',
  ingetrokken: 'Ingetrokken',
  responseTerm: 'Reactietermijn',
  planTerm: 'Termijn verbeterplan',
  objectionWindow: 'Bezwaartermijn',
  objectionDecision: 'Termijn beslissing op bezwaar',
  directorMeeting: 'Termijn gesprek op directieniveau',
  recoveryTerm: 'Hersteltermijn',
  // Voorstel aan de ontwikkeltafel
  opdrachtgever: 'Opdrachtgever (SOJ)',
  gemeente: 'Gemeente',
  aanbieder: 'Aanbieder',
  algemeen: 'Algemeen onderwerp',
  segment: 'Segment-specifiek',
  digitaal: 'Digitale ontwikkeltafel',
  fysiek: 'Fysieke ontwikkeltafel',
  bestuurlijk: 'Bestuurlijke ontwikkeltafel',
  leefomgeving: 'Leefomgeving',
  'dienstbaar-vakmanschap': 'Dienstbaar vakmanschap',
  onderwijs: 'Onderwijs',
  'zelfredzaamheid-en-herstel': 'Zelfredzaamheid en herstel',
  netwerk: 'Netwerk',
  'doelmatige-inzet-middelen': 'Doelmatige inzet van middelen',
  landelijk: 'Landelijk',
  bovenregionaal: 'Bovenregionaal',
  regionaal: 'Regionaal',
  'incidentele-subsidie': 'Incidentele subsidie',
  overheidsopdracht: 'Overheidsopdracht',
  'dagelijks-bestuur': 'Dagelijks Bestuur',
  'mt-binnen-mandaat': 'MT binnen mandaat',
  // Beëindiging jeugdhulp
  'lokaal-team': 'Het lokale team',
  gi: 'De gecertificeerde instelling (GI)',
  'bedreiging-intimidatie': 'Bedreiging of intimidatie',
  agressie: 'Agressie',
  'onwerkbare-situatie': 'Onwerkbare situatie',
  anders: 'Anders',
  ja: 'Ja',
  deels: 'Deels',
  nee: 'Nee',
  overdracht: 'Overdracht aan een andere aanbieder',
  'andere-oplossing': 'Een andere oplossing',
  'veiligheid-medewerkers': 'Veiligheid of vrijheid van medewerkers in gevaar',
  'veiligheid-andere-clienten': 'Veiligheid of vrijheid van andere cliënten of bewoners in gevaar',
  // Onenigheid aanbieder en ZBT
  agreed: 'Eens',
  disagreed: 'Oneens',
  'agreement-reached': 'Overeenstemming bereikt',
  'arrangement-upheld': 'Arrangement gehandhaafd',
  'other-provider': 'Andere aanbieder',
  other: 'Anders',
  // Escalatie op cliënt/zorginhoud
  solved: 'Opgelost',
  unsolved: 'Geen oplossing',
  'lokale-expertiseschil': 'Lokale expertiseschil',
  'regionaal-onderzoeksteam': 'Regionaal onderzoeksteam',
  'regionale-flexibele-pool': 'Regionale flexibele pool',
  'onafhankelijke-derde': 'Onafhankelijke derde',
  // Automatische brief
  'siro-warning': 'Waarschuwingsbrief SROI',
  // Social return (SROI): de opdrachten A t/m F uit het Beschrijvend Document
  A: 'Opdracht A (inspanningsverplichting)',
  B: 'Opdracht B (resultaatverplichting)',
  C: 'Opdracht C (resultaatverplichting)',
  D: 'Opdracht D (resultaatverplichting)',
  E: 'Opdracht E (inspanningsverplichting)',
  F: 'Opdracht F (inspanningsverplichting)',
  voldoende: 'Voldoende',
  onvoldoende: 'Onvoldoende',
  // Contractvoortgangsgesprek: classificatie en wie er aansluit
  klein: 'Klein',
  middel: 'Middelgroot',
  groot: 'Groot',
  laag: 'Laag',
  midden: 'Midden',
  hoog: 'Hoog',
  beleidsmedewerker: 'Beleidsmedewerker',
  'financial-control': 'Financial control',
  toezicht: 'Toezicht',
  'lokale-toegang': 'Lokale toegang',
  // Wijziging bij de aanbieder
  'kvk-nummer': 'KvK-nummer',
  'agb-code': 'AGB-code',
  'btw-nummer': 'BTW-nummer',
  contactgegevens: 'Contactgegevens',
  adresgegevens: 'Adresgegevens',
  'oplossing-afgesproken': 'Oplossing afgesproken',
  'verzoek-andere-contractmanager': 'Verzoek een andere contractmanager aan te wijzen',
  leadTime: 'Doorlooptijd wijziging bankrekening',
  // Melding van de aanbieder
  'inspectie-signaal': 'Signaal via de Inspectie',
  incident: 'Incident',
  calamiteit: 'Calamiteit',
  'geen-actie': 'Geen actie nodig',
  'besproken-met-aanbieder': 'Besproken met de aanbieder',
  'escalatieladder-gestart': 'Escalatieladder gestart',
  'surseance-van-betaling': 'Surseance van betaling',
  faillissement: 'Faillissement',
  ondersteunen: 'De aanbieder ondersteunen',
  'transitie-clienten': 'Transitie van cliënten naar een andere aanbieder',
  onderaannemer: 'Onderaannemer',
  'tijdig-bekend': 'Vóór aanvang hulp bekendgemaakt',
  'niet-voor-aanvang-hulp-bekend': 'Niet vóór aanvang hulp bekendgemaakt',
  gemeld: 'Gemeld',
  afgewend: 'Afgewend',
  // Definitieve financiële afronding
  declarationsTarget: 'Streefdatum afhandeling declaraties',
  // Productieplafond (opdrachten met een plafond)
  'opdracht-b': 'Opdracht B',
  'opdracht-c': 'Opdracht C',
  'opdracht-e': 'Opdracht E',
  'uitnutting-80': '80% uitnutting van het productieplafond',
  'geen-capaciteit': 'Geen productievolume of -capaciteit beschikbaar',
  handmatig: 'Handmatig vastgelegd',
  facturatie: 'Uit de facturatiegegevens',
  verhogen: 'Plafond verhogen',
  weigeren: 'Niet verhogen',
  maatregelen: 'Maatregelen afspreken',
};

/** The Dutch label of a code: a role, or a value from the glossary; undefined when it has none. */
export function glossaryLabel(value: unknown): string | undefined {
  const key = String(value);
  return ROLE_LABELS[key as AnyRole] ?? VALUE_LABELS[key];
}

/** The Dutch label of a code, falling back to the code itself (a test keeps the glossary complete). */
export function valueLabel(value: unknown): string {
  return glossaryLabel(value) ?? String(value);
}

/** Yes/no in the console. */
export const YES = 'Ja';
export const NO = 'Nee';

/**
 * English words that must never reach a business user's screen (the Dutch-only test uses the same list);
 * none is also a Dutch word (so no "is", "of", "open").
 * The engine and the API speak English in their messages (for logs and scripts); the console tells the
 * Dutch explanation of the code instead when a message contains one of these.
 */
export const ENGLISH_WORDS = [
  'unknown', 'user', 'wrong', 'password', 'case', 'cases', 'no', 'not', 'found', 'error', 'invalid', 'agreed', 'disagreed',
  'solved', 'unsolved', 'action', 'actions', 'supervisor fixes', 'fixes', 'allowed', 'state', 'event', 'events', 'payload',
  'role', 'roles', 'may', 'send', 'the', 'and', 'or', 'are', 'for', 'with', 'from', 'refused', 'closed',
  'cancelled', 'expired', 'deadline', 'deadlines', 'request', 'submit', 'save', 'cancel', 'delete', 'edit',
  'yes', 'true', 'false', 'null', 'undefined', 'none', 'other', 'missing', 'required', 'expected', 'received',
  'string', 'number', 'boolean', 'object', 'array', 'json', 'mailcatcher', 'taakwachtrij', 'workflowtaken', 'clock',
  'suspended', 'resumed', 'extended', 'reassigned', 'resent', 'try', 'again', 'reachable', 'internal',
  'login', 'logout', 'sign', 'first', 'only', 'must', 'should', 'please', 'worker', 'workflow', 'queue',
] as const;

const ENGLISH_RE = new RegExp(`(^|[^\\p{L}])(${ENGLISH_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?=$|[^\\p{L}])`, 'iu');

/** The first English word of the list in a text, if any. */
export function englishWordIn(text: string): string | undefined {
  return ENGLISH_RE.exec(text)?.[2];
}

/** The supervisor fixes, as recorded (`clock.suspended`), in Dutch as past facts. */
export const FIX_VALUE_LABELS: Record<string, string> = {
  'deadline.extended': 'Termijn verlengd',
  'clock.suspended': 'Wettelijke klok stilgezet',
  'clock.resumed': 'Wettelijke klok hervat',
  'case.reassigned': 'Zaak toegewezen',
  'reminder.resent': 'Herinnering opnieuw gestuurd',
  'case.cancelled': 'Zaak geannuleerd',
};
Object.assign(VALUE_LABELS, FIX_VALUE_LABELS);

/** States the engine adds to every procedure. */
export const ENGINE_STATE_LABELS: Record<string, string> = { cancelled: 'Geannuleerd' };

/**
 * The engine's own rules (English, for logs and the API) told in Dutch; a seed rule (already Dutch) as it
 * is. Undefined for an English rule this glossary does not know: the console then shows no rule rather
 * than English.
 */
export function dutchRule(rule: string | undefined): string | undefined {
  if (!rule) return undefined;
  const known: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^supervisor fixes: only with a ground from the closed list and a reason; a term is never shortened$/, () => 'Herstelacties van de supervisor: alleen met een grond uit de vaste lijst en een reden; een termijn wordt nooit ingekort'],
    [/^a date that starts a legal term lies [^;]*; (.*)$/, (m) => `Een datum waarmee een wettelijke termijn begint, ligt niet vóór de vorige stap van de zaak en niet na vandaag; ${dutchRule(m[1]) ?? ''}`.replace(/; $/, '')],
    [/^every reason is at most (\d+) characters and holds no BSN; (.*)$/, (m) => `Een toelichting heeft ten hoogste ${m[1]} tekens en bevat geen BSN; ${dutchRule(m[2]) ?? ''}`.replace(/; $/, '')],
    [/^every event names who sends it, in which role$/, () => 'Bij elke stap staat wie hem zet en in welke rol'],
    [/^a closed case takes no more events$/, () => 'Een afgesloten zaak neemt geen stappen meer aan'],
    [/^a closed case takes no more fixes$/, () => 'Een afgesloten zaak neemt geen herstelacties meer aan'],
    [/^a case stays readable: at most (\d+) kB stored per case/, (m) => `Een zaak blijft leesbaar: ten hoogste ${m[1]} kB per zaak`],
  ];
  for (const [re, say] of known) {
    const m = re.exec(rule);
    if (m) return say(m);
  }
  return englishWordIn(rule) ? undefined : rule;
}

/** Labels of fields whose schema has no description of its own (never a label made from the key). */
export const FIELD_LABELS: Record<string, string> = {
  action: 'Herstelactie',
  deadline: 'Termijn',
  workingDays: 'Werkdagen',
  until: 'Tot en met',
  userId: 'Gebruiker',
  role: 'Rol',
  ground: 'Grond',
  reason: 'Reden',
};
