// Asks the receiving side whether a Message-ID already arrived, over a Mailpit-shaped HTTP API
// (MAIL_API_URL: Mailpit itself, or the mail catcher's API in the stack). Used only when a worker takes
// over a send that another worker interrupted between the SMTP accept and the outbox record: the mail is
// then recorded as sent instead of being sent again. A plain SMTP relay has no such API: the answer
// stays "unknown" and the mail goes again with the same Message-ID (receivers de-duplicate on it).

/** A search hit: the fields of Mailpit's message summary this check reads. */
interface SearchHit {
  MessageID?: unknown;
  To?: unknown;
  Cc?: unknown;
  Bcc?: unknown;
}

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');

function addresses(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((a) => (a as { Address?: unknown })?.Address).filter((a): a is string => typeof a === 'string').map((a) => a.trim().toLowerCase());
}

export interface MailApiOptions {
  /** Base URL, e.g. http://mailpit:8025 (a path prefix is kept). */
  url: string;
  /** Per request (default 5 s). */
  timeoutMs?: number;
}

/**
 * `delivered(messageId, to)` for a MailSender: true when the API lists the Message-ID for that
 * recipient, false when it answers without it, undefined when it cannot be asked (down, refused,
 * unreadable answer) — then nobody knows, as with a plain relay.
 */
export function createMailApiCheck(opts: MailApiOptions): (messageId: string, to: string) => Promise<boolean | undefined> {
  const base = opts.url.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 5_000;
  return async (messageId, to) => {
    const id = bare(messageId);
    const address = to.trim().toLowerCase();
    const query = `message-id:"${id}"`;
    try {
      const res = await fetch(`${base}/api/v1/search?query=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return undefined;
      const body = (await res.json()) as { messages?: unknown };
      if (!Array.isArray(body.messages)) return undefined;
      return (body.messages as SearchHit[]).some(
        (m) => typeof m.MessageID === 'string' && bare(m.MessageID) === id && [...addresses(m.To), ...addresses(m.Cc), ...addresses(m.Bcc)].includes(address),
      );
    } catch {
      return undefined;
    }
  };
}
