// Node: polling requests through http(s).request, which takes the agent and TLS options that fetch
// cannot, and whose sockets autoUnref can release. Picked by the `#http-request` imports map.
import http from 'node:http';
import https from 'node:https';
import { connectionOptions } from './connection-options.node.js';
import type { HttpRequest } from './platform.js';

export const httpRequest: HttpRequest = (url, { method, body, headers, signal }, options) =>
  new Promise((resolve, reject) => {
    const { requestTimeout, autoUnref } = options;
    const send: typeof https.request = url.startsWith('https:') ? https.request : http.request;
    const request = send(url, { method, headers, signal, ...connectionOptions(options) }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', reject); // the connection dropped mid-answer
      response.on('end', () => resolve({ status: response.statusCode as number, text: async () => text }));
    });
    request.on('error', reject);
    // Per request: an agent refs a pooled socket again when it hands it out (before 'socket' fires).
    if (autoUnref) request.on('socket', (socket) => socket.unref());
    if (requestTimeout) {
      // The whole request, as XHR's timeout (socket.io-client's): a long-poll GET is held up to pingInterval.
      const timer = setTimeout(() => request.destroy(new Error(`no answer within requestTimeout (${requestTimeout} ms)`)), requestTimeout);
      if (autoUnref) timer.unref();
      request.on('close', () => clearTimeout(timer));
    }
    request.end(body);
  });
