// HTTP long-polling over fetch: a GET loop receives, one POST at a time sends (`\x1e`-joined packets).
import { decodeEnginePayload, encodeEnginePayload, type EnginePacket } from '@rtio/protocol';
import { EngineError, httpError, networkError } from '../engine-error.js';
import type { EngineSocketOptions } from '../engine-options.js';
import { engineUrl, type Transport, type TransportHooks } from '../transport.js';

/**
 * The polling transport. Polls only once the socket has set `sid` (after the handshake GET).
 * @example
 * const t = createPolling('http://localhost:3000', options, hooks); t.open();
 */
export function createPolling(base: string, options: EngineSocketOptions, hooks: TransportHooks): Transport {
  let get: AbortController | undefined;
  let postAbort: AbortController | undefined;
  /** Settles (never rejects) when the POST in flight is done. */
  let post: Promise<void> | undefined;
  let paused: (() => void) | undefined;
  let stopped = false;
  let closed = false;

  async function request(method: 'GET' | 'POST', body?: string, signal?: AbortSignal): Promise<string> {
    const url = engineUrl(base, options, 'polling', t.sid);
    const headers: Record<string, string> = { ...options.extraHeaders };
    if (body !== undefined) headers['content-type'] = 'text/plain;charset=UTF-8';
    let response: Response;
    let text: string;
    try {
      // Without withCredentials, fetch's own default applies: 'same-origin'.
      response = await fetch(url, { method, body, headers, signal, credentials: options.withCredentials ? 'include' : undefined });
      text = await response.text();
    } catch (error) {
      throw networkError(error, url, 'polling');
    }
    if (response.status !== 200) throw httpError(response.status, text, 'polling');
    return text;
  }

  function fail(reason: 'transport error' | 'parse error', error: unknown): void {
    if (closed) return;
    t.close();
    t.hooks.onClose(reason, error);
  }

  function poll(): void {
    if (stopped || closed) return;
    const abort = (get = new AbortController());
    request('GET', undefined, abort.signal).then((text) => {
      if (closed) return;
      get = undefined;
      let packets: EnginePacket[];
      try {
        packets = decodeEnginePayload(text, options.binaryType);
      } catch (error) {
        return fail('parse error', error);
      }
      for (const packet of packets) {
        if (closed) return;
        t.hooks.onPacket(packet);
      }
      if (paused) checkPaused();
      else if (t.sid) poll();
    }, (error: EngineError) => fail('transport error', error));
  }

  function checkPaused(): void {
    const done = paused;
    if (!done || get || post) return;
    paused = undefined;
    done();
  }

  const t: Transport = {
    name: 'polling',
    sid: undefined,
    hooks,
    get writable() {
      return !!t.sid && !post && !stopped && !closed;
    },
    open: poll,
    send(packets) {
      let settle!: () => void;
      post = new Promise((resolve) => (settle = resolve));
      encodeEnginePayload(packets, (body) => {
        const abort = (postAbort = new AbortController());
        request('POST', body, abort.signal).then(
          () => {
            settle();
            if (closed) return;
            post = postAbort = undefined;
            if (paused) checkPaused();
            else if (!stopped) t.hooks.onDrain?.();
          },
          (error: EngineError) => {
            settle();
            fail('transport error', error);
          },
        );
      });
    },
    pause(done) {
      if (closed) return;
      paused = done;
      stopped = !!done;
      if (done) checkPaused();
      else {
        if (!get) poll();
        if (!post) t.hooks.onDrain?.();
      }
    },
    close(final) {
      if (closed) return;
      closed = stopped = true;
      get?.abort();
      if (!final || !t.sid) {
        postAbort?.abort();
        return;
      }
      // Graceful: the last packets (ending with `1`) follow the POST in flight, never overlap it.
      const previous = post ?? Promise.resolve();
      encodeEnginePayload(final, (body) => {
        previous.then(() => request('POST', body)).catch(() => {});
      });
    },
  };
  return t;
}
