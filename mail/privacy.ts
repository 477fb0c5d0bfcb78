// Last line of defence before a mail leaves: nothing that looks like a BSN. Templates can only use case
// facts that are never personal data, so this should never fire; if it does, the mail is not sent and
// the dossier says why. The detector is the one every free-text field uses (machines/schemas.ts).
import { findBsnLikeNumbers } from '../machines/schemas.ts';

export function findPersonalData(parts: { subject: string; text: string; html: string }): string[] {
  return findBsnLikeNumbers(`${parts.subject}\n${parts.text}\n${parts.html}`, { withinLongerNumbers: true }).map((n) => `BSN-achtig nummer (${n.length} tekens)`);
}
