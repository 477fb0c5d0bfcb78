// Last line of defence before a mail leaves: nothing that looks like a BSN. Templates can only use case
// facts that are never personal data, so this should never fire; if it does, the mail is not sent and
// the dossier says why.
import { looksLikeBsn } from '../workflows/constants.ts';

/** Nine digits, optionally grouped as 1234.56.782 or 123 456 782, passing the eleven-test. */
export function findBsnLikeNumbers(text: string): string[] {
  const found = new Set<string>();
  const candidates = text.match(/(?<!\d)(\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{9,})(?!\d)/g) ?? [];
  for (const candidate of candidates) {
    const digits = candidate.replace(/\D/g, '');
    for (let i = 0; i + 9 <= digits.length; i++) {
      if (looksLikeBsn(digits.slice(i, i + 9))) found.add(candidate);
    }
  }
  return [...found];
}

export function findPersonalData(parts: { subject: string; text: string; html: string }): string[] {
  return findBsnLikeNumbers(`${parts.subject}\n${parts.text}\n${parts.html}`).map((n) => `BSN-achtig nummer (${n.length} tekens)`);
}
