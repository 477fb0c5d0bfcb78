// What Temporal threw, classified once for the API and the CLI: only a connection that cannot be made
// (gRPC UNAVAILABLE, DEADLINE_EXCEEDED, a transport failure) is "unreachable". Every other gRPC error is
// a real error of the request or the server: the API answers 500 and logs it, it never says "try again".
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** The gRPC status code somewhere in the cause chain, if any. */
export function grpcCodeOf(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** True only when the Temporal server could not be reached (or did not answer in time). */
export function isTemporalUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
    if ((e as { name?: unknown }).name === 'TransportError') return true;
  }
  return false;
}

const BSN_LIKE = /\d[\d .-]{7,}\d/g;

/**
 * What may go into the log of an unexpected error: its name, codes and a short message with every run
 * of digits that could be a BSN masked. Never the payload, the error's details or its cause's data.
 */
export function loggableError(err: unknown): { name: string; grpcCode?: number; code?: string; message: string } {
  const e = err as { name?: unknown; message?: unknown; code?: unknown } | undefined;
  const grpcCode = grpcCodeOf(err);
  const message = typeof e?.message === 'string' ? e.message.replace(BSN_LIKE, '[nummer]').slice(0, 300) : String(err).slice(0, 300);
  return {
    name: typeof e?.name === 'string' ? e.name : typeof err,
    ...(grpcCode !== undefined ? { grpcCode } : {}),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message,
  };
}
