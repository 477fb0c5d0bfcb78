// Opt-out, the one rule for it (seed 002 §4.2 stap 9: "Wanneer jeugdige/ouders niet instemmen met het
// delen van gegevens met opdrachtgever, dan zal het verzoek om beëindiging van jeugdhulp
// geanonimiseerd worden voorgelegd (opt-out)"). The view, the revealing read and the mails all ask
// these functions, so they cannot disagree about a role.
//
// An allow-list, not a deny-list: only the care side the youth and parents deal with sees their
// personal data in an opt-out case. Everyone else does not: the commissioning body (its contract
// managers and administration, its deciding body, and the municipalities: `gemeente`) and the
// supervisor, who corrects terms and needs none of it (data minimisation). A role added later sees
// nothing until the law says it may.
import type { AnyRole } from './types.ts';

export const OPT_OUT_RULE =
  '002 §4.2 stap 9: zonder toestemming (opt-out) krijgt de opdrachtgever (contractmanagement, gemeente) geen persoonsgegevens van de jeugdige';

/** The roles that see the youth's personal data of an opt-out case: the care side. */
export const SEES_OPT_OUT_PERSONAL_DATA: readonly AnyRole[] = ['aanbieder', 'casusregisseur', 'gi-manager', 'zbt'];

/** May someone acting in `role` see the personal data of an opt-out case? No role: no. */
export function seesOptOutPersonalData(role: AnyRole | undefined): boolean {
  return role !== undefined && SEES_OPT_OUT_PERSONAL_DATA.includes(role);
}

/** A person (or mail recipient) with several roles sees it only when every one of them may. */
export function allSeeOptOutPersonalData(roles: readonly AnyRole[]): boolean {
  return roles.length > 0 && roles.every(seesOptOutPersonalData);
}
