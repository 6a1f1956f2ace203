// HTTP long-polling (fetch in browsers, http(s).request in Node): a GET loop receives, one POST at a time sends (`\x1e`-joined packets).
import { decodeEnginePayload, encodeEnginePayload, type EnginePacket } from '@rtio/protocol';
import { EngineError, fetchFailure, httpError } from '../engine-error.js';
import type { EngineSocketOptions } from '../engine-options.js';
import { engineUrl, transportQuery, type Transport, type TransportHooks } from '../transport.js';
import { httpRequest } from '#http-request';
import type { HttpResponse } from '../platform.js';

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
  /** No new GET or drain: pause() with a callback (`paused` set) or close(). */
  let stopped = false;
  let closed = false;

  async function request(method: 'GET' | 'POST', body?: string, signal?: AbortSignal): Promise<string> {
    const url = engineUrl(base, options, t);
    const headers: Record<string, string> = { ...options.extraHeaders };
    if (body !== undefined) headers['content-type'] = 'text/plain;charset=UTF-8';
    let response: HttpResponse;
    let text: string;
    try {
      response = await httpRequest(url, { method, body, headers, signal }, options);
      text = await response.text();
    } catch (error) {
      throw await fetchFailure(error, url);
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
      checkPaused();
      if (t.sid) poll(); // not while paused (stopped)
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
    query: transportQuery(options, 'polling'),
    hooks,
    get writable() {
      return !!t.sid && !post && !stopped && !closed;
    },
    open: poll,
    send(packets) {
      post = new Promise((settle) =>
        encodeEnginePayload(packets, (body) => {
          const abort = (postAbort = new AbortController());
          request('POST', body, abort.signal).then(
            () => {
              settle();
              if (closed) return;
              post = postAbort = undefined;
              checkPaused();
              if (!stopped) t.hooks.onDrain?.(); // not while paused
            },
            (error: EngineError) => {
              settle();
              fail('transport error', error);
            },
          );
        }),
      );
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
      const previous = Promise.resolve(post);
      encodeEnginePayload(final, (body) => {
        previous.then(() => request('POST', body)).catch(() => {});
      });
    },
  };
  return t;
}
