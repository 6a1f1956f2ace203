// The lower bound: a bare `ws` + node:http server doing only what the bench's clients need, with
// no framework. Handshake and namespace connect as fixed strings, echo by slicing the event into
// an ack, a broadcast framed once and queued for each member (one write per member per tick), and
// long-polling as a queue and one held GET per session.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { serveControl } from './control.js';

const PATH = '/raw/';
const ECHO = '["echo",';
const BCAST = '["bcast","';
let nextId = 0;
/** room → members (WebSocket or polling connections) */
const rooms = new Map();

function openPacket(sid) {
  return `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`;
}

/** One unmasked, final text frame: built once per broadcast, written to every member. */
function textFrame(text) {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x81, length]) : Buffer.alloc(length < 65536 ? 4 : 10);
  if (length >= 126 && length < 65536) {
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65536) {
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Members with frames queued this tick; each gets them in one write at the end of the tick. */
let pendingMembers = [];
function writePending() {
  for (const member of pendingMembers) {
    const { pending } = member;
    member.pending = [];
    member.rawSocket.write(pending.length === 1 ? pending[0] : Buffer.concat(pending));
  }
  pendingMembers = [];
}

function writeFrame(connection, frame, text) {
  if (!connection.rawSocket) return connection.send(text);
  if (connection.pending.length === 0) {
    if (pendingMembers.length === 0) process.nextTick(writePending);
    pendingMembers.push(connection);
  }
  connection.pending.push(frame);
}

/** Handles one Engine.IO text packet from `connection` ({ sid, send(text), rawSocket? }). */
function onPacket(connection, text) {
  if (text.startsWith('42')) {
    let index = 2;
    while (text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57) index++;
    const ackId = text.slice(2, index);
    if (text.startsWith(ECHO, index)) {
      connection.send(`43${ackId}[${text.slice(index + ECHO.length)}`);
    } else if (text.startsWith(BCAST, index)) {
      const roomEnd = text.indexOf('"', index + BCAST.length);
      const members = rooms.get(text.slice(index + BCAST.length, roomEnd));
      if (!members) return;
      const out = `42["msg",${text.slice(roomEnd + 2)}`;
      const frame = textFrame(out);
      for (const member of members) writeFrame(member, frame, out);
    }
  } else if (text.startsWith('40')) {
    const auth = text.length > 2 ? JSON.parse(text.slice(2)) : {};
    if (typeof auth.room === 'string') {
      let members = rooms.get(auth.room);
      if (!members) rooms.set(auth.room, (members = new Set()));
      members.add(connection);
      connection.room = members;
    }
    connection.send(`40{"sid":"${connection.sid}"}`);
  }
  // 3 (pong) and anything else: nothing to do
}

// ---- WebSocket ----
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
wss.on('connection', (ws, request) => {
  const connection = { sid: String(nextId++), send: (text) => ws.send(text), rawSocket: request.socket, pending: [], room: undefined };
  ws.on('message', (data) => onPacket(connection, data.toString()));
  ws.on('close', () => connection.room?.delete(connection));
  ws.send(openPacket(connection.sid));
});

// ---- long-polling ----
const pollingSessions = new Map();

function answer(response, body) {
  response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function createPollingSession() {
  const session = { sid: String(nextId++), queue: [], held: undefined, room: undefined };
  session.send = (text) => {
    session.queue.push(text);
    if (session.held) {
      const held = session.held;
      session.held = undefined;
      answer(held, session.queue.join('\x1e'));
      session.queue = [];
    }
  };
  pollingSessions.set(session.sid, session);
  return session;
}

function onPollingRequest(request, response, sid) {
  if (sid === null) return answer(response, openPacket(createPollingSession().sid));
  const session = pollingSessions.get(sid);
  if (!session) return answer(response, '1');
  if (request.method === 'POST') {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      for (const text of body.split('\x1e')) onPacket(session, text);
      answer(response, 'ok');
    });
    return;
  }
  if (session.queue.length > 0) {
    answer(response, session.queue.join('\x1e'));
    session.queue = [];
  } else {
    session.held = response;
    response.on('close', () => {
      if (session.held === response) session.held = undefined;
    });
  }
}

const httpServer = createServer((request, response) => {
  const url = new URL(request.url, 'http://localhost');
  if (url.pathname !== PATH) return answer(response, 'not found');
  onPollingRequest(request, response, url.searchParams.get('sid'));
});
httpServer.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
httpServer.listen(0, '127.0.0.1', () => {
  serveControl({
    port: httpServer.address().port,
    path: PATH,
    stop: () => {
      for (const ws of wss.clients) ws.terminate();
      httpServer.close();
    },
  });
});
