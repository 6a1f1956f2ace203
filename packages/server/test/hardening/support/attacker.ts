// Plays an Attack (attacks.ts) against a target over raw TCP. The attacker never waits for the
// server longer than ANSWER_WAIT_MS and always drops every connection it opened before it returns.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Attack, Ending, HttpRequestAttack, PollingAttack, UpgradeAttack, WebSocketAttack, WsFrame } from './attacks.js';
import { connectRaw, pollingHandshake, rawRequest, type RawPeer } from './raw-peer.js';

/** How long an attacker waits for an answer it would like to see before going on without it. */
const ANSWER_WAIT_MS = 200;

/** Encodes a WebSocket frame as a client writes it, with whatever bits the attack asks for. */
export function encodeFrame(frame: WsFrame): Buffer {
  const { payload } = frame;
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const head = Buffer.alloc(2 + lengthBytes + (frame.masked ? 4 : 0));
  head[0] = (frame.fin ? 0x80 : 0) | ((frame.rsv & 7) << 4) | (frame.opcode & 15);
  head[1] = (frame.masked ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) head.writeUInt16BE(length, 2);
  else if (lengthBytes === 8) head.writeBigUInt64BE(BigInt(length), 2);
  if (!frame.masked) return Buffer.concat([head, payload]);
  const mask = randomBytes(4);
  mask.copy(head, 2 + lengthBytes);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (mask[i & 3] as number);
  return Buffer.concat([head, body]);
}

/** Waits for the server's answer to `pattern`, but no longer than ANSWER_WAIT_MS. */
async function glimpse(peer: RawPeer, pattern?: RegExp): Promise<string> {
  return Promise.race([peer.answer(pattern), delay(ANSWER_WAIT_MS).then(() => peer.received())]);
}

async function leave(peer: RawPeer, ending: Ending): Promise<void> {
  if (ending.how === 'linger') await delay(ending.ms);
  if (ending.how === 'end') peer.socket.end();
  else peer.reset();
  // A FIN may leave the server's side open a while (a held poll); the attacker does not wait for it.
  await Promise.race([peer.closed, delay(ANSWER_WAIT_MS)]);
  peer.close();
}

function write(peer: RawPeer, data: string | Uint8Array): void {
  if (!peer.socket.destroyed) peer.socket.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}

async function playWebSocket(port: number, attack: WebSocketAttack): Promise<void> {
  const sid = attack.upgradeSession ? await pollingHandshake(port).catch(() => undefined) : undefined;
  const peer = await connectRaw(port);
  const headers: Array<[string, string]> = [
    ['Host', '127.0.0.1'],
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
  ];
  if (attack.deflate) headers.push(['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits']);
  const query = `EIO=4&transport=websocket${sid === undefined ? '' : `&sid=${sid}`}${attack.queryTail}`;
  write(peer, rawRequest('GET', `/rt/?${query}`, headers));
  const answer = await glimpse(peer);
  if (answer.startsWith('HTTP/1.1 101')) {
    // The upgrade of a session starts with the probe; the frames may then break it any way.
    if (sid !== undefined) write(peer, encodeFrame({ opcode: 1, fin: true, rsv: 0, masked: true, payload: Buffer.from('2probe') }));
    for (const frame of attack.frames) write(peer, encodeFrame(frame));
    if (attack.garbage.length > 0) write(peer, attack.garbage);
  }
  await leave(peer, attack.ending);
}

function requestText(attack: Omit<HttpRequestAttack, 'kind'>): string {
  const headers: Array<[string, string]> = [['Host', '127.0.0.1'], ...attack.headers];
  if (attack.contentLengthLie !== undefined) {
    headers.push(['Content-Length', String(Math.max(0, Buffer.byteLength(attack.body) + attack.contentLengthLie))]);
  }
  return rawRequest(attack.method, attack.target, headers, attack.body);
}

async function playRequest(port: number, attack: Omit<HttpRequestAttack, 'kind'>): Promise<void> {
  const peer = await connectRaw(port);
  const bytes = Buffer.from(requestText(attack), 'utf8');
  write(peer, attack.cutAt === undefined ? bytes : bytes.subarray(0, attack.cutAt));
  if (attack.cutAt === undefined) await glimpse(peer);
  await leave(peer, attack.ending);
}

async function playPolling(port: number, attack: PollingAttack): Promise<void> {
  const sid = await pollingHandshake(port);
  // One after the other, as a client would, but a held GET does not block the next request.
  const pending: Array<Promise<void>> = [];
  for (const request of attack.requests) {
    const target = `/rt/?EIO=4&transport=polling&sid=${sid}${request.queryTail}`;
    const played = playRequest(port, { ...request, target });
    pending.push(played);
    await Promise.race([played, delay(20)]);
  }
  await Promise.all(pending);
}

async function playUpgrade(port: number, attack: UpgradeAttack): Promise<void> {
  const peer = await connectRaw(port);
  write(peer, rawRequest('GET', attack.target, attack.headers));
  if (attack.after.length > 0) write(peer, attack.after);
  await leave(peer, attack.ending);
}

/** Plays one attack; it resolves once the attacker has let go of every connection. */
export function play(port: number, attack: Attack): Promise<void> {
  switch (attack.kind) {
    case 'websocket':
      return playWebSocket(port, attack);
    case 'request':
      return playRequest(port, attack);
    case 'polling':
      return playPolling(port, attack);
    case 'upgrade':
      return playUpgrade(port, attack);
  }
}
