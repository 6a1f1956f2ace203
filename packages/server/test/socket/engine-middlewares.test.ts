// io.engine.use() and socket.request: Express middlewares at the HTTP level (Socket.IO 4.6), with
// the express-session + passport recipe of Socket.IO's docs ("How to use with Passport.js") as written.
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { expect } from 'chai';
import { Disposer, RawWebSocket } from '../helpers/index.js';
import { MODES, connect, createSocket, startServer, type ServerUnderTest } from './support/server-under-test.js';
import { nextEvent } from './support/events.js';

interface User {
  id: number;
  username: string;
}
type Middleware = (req: express.Request & { _query: Record<string, string> }, res: express.Response, next: (err?: unknown) => void) => void;

/** The docs' helper: a middleware for the handshake only (`req._query.sid` is absent there). */
function onlyForHandshake(middleware: Middleware): Middleware {
  return (req, res, next) => (req._query.sid === undefined ? middleware(req, res, next) : next());
}

/** The docs' app: an Express login that stores the user in the session, and rtio reading it. */
async function startPassportApp(disposer: Disposer): Promise<ServerUnderTest> {
  const sessionMiddleware = session({ secret: 'changeit', resave: true, saveUninitialized: true });
  const app = express();
  app.use(sessionMiddleware);
  app.use(passport.session());
  app.post('/login', (req, res, next) => req.login({ id: 1, username: 'john' }, (err) => (err ? next(err) : res.status(204).end())));
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: User, done) => done(null, user));

  const server = disposer.add(await startServer({}, { requestListener: app }));
  server.io.engine.use(onlyForHandshake(sessionMiddleware as unknown as Middleware));
  server.io.engine.use(onlyForHandshake(passport.session() as unknown as Middleware));
  server.io.engine.use(
    onlyForHandshake((req, res, next) => {
      if ((req as { user?: User }).user) next();
      else {
        res.writeHead(401);
        res.end();
      }
    }),
  );
  server.io.on('connection', (socket) => {
    const req = socket.request as typeof socket.request & { user: User; session: { id: string } };
    void socket.join(`session:${req.session.id}`);
    void socket.join(`user:${req.user.id}`);
    socket.on('whoami', (cb: (name: string) => void) => cb(req.user.username));
  });
  return server;
}

async function logIn(server: ServerUnderTest): Promise<string> {
  const response = await fetch(`${server.url}/login`, { method: 'POST' });
  expect(response.status).to.equal(204);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).to.match(/^connect\.sid=/);
  return cookie as string;
}

describe('socket layer: io.engine.use() with express-session and passport', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    it(`a logged-in user's socket.request carries the session and the user (${mode})`, async () => {
      const server = await startPassportApp(disposer);
      const cookie = await logIn(server);
      const client = disposer.add(await connect(server.url, '/', { mode, extraHeaders: { cookie } }));
      expect(await client.timeout(2000).emitWithAck('whoami')).to.equal('john');
      const [socket] = await server.io.fetchSockets();
      expect(socket?.rooms.has('user:1')).to.equal(true);
      expect([...(socket?.rooms ?? [])].some((room) => room.startsWith('session:'))).to.equal(true);
    });

    it(`a request without a logged-in session is refused by the middleware (${mode})`, async () => {
      const server = await startPassportApp(disposer);
      const client = disposer.add(createSocket(server.url, '/', { mode }));
      const [error] = await nextEvent<[Error]>(client, 'connect_error');
      expect(error).to.be.instanceOf(Error);
      expect(server.io.engine.clientsCount).to.equal(0);
    });
  }

  it('puts the headers a middleware sets on an upgrade into the 101 (the session cookie)', async () => {
    const server = disposer.add(await startServer());
    server.io.engine.use(session({ secret: 'changeit', resave: false, saveUninitialized: true }));
    const raw = disposer.add(await RawWebSocket.connect(server.url));
    expect(raw.response?.status).to.equal(101);
    expect(String(raw.response?.headers['set-cookie'])).to.match(/^connect\.sid=/);
  });

  it('answers 400 MIDDLEWARE_FAILURE when a middleware calls next(error), and reports it', async () => {
    const server = disposer.add(await startServer());
    const failure = new Error('no entry');
    server.io.engine.use((_req, _res, next) => next(failure));
    const reported = nextEvent<[{ code: number; context: { name: string; error: unknown } }]>(server.io.engine, 'connection_error');
    const response = await fetch(`${server.url}/rt/?EIO=4&transport=polling`);
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({ code: 3, message: 'Bad request' });
    const [report] = await reported;
    expect(report.context).to.deep.equal({ name: 'MIDDLEWARE_FAILURE', error: failure });
  });

  it('runs the middlewares on every request of a session, with req._query parsed', async () => {
    const server = disposer.add(await startServer());
    const seen: Array<string | undefined> = [];
    server.io.engine.use((req: { _query: Record<string, string> }, _res, next) => {
      seen.push(req._query.sid);
      next();
    });
    const client = disposer.add(await connect(server.url, '/', { mode: 'polling' }));
    expect(seen[0]).to.equal(undefined);
    expect(seen.slice(1)).to.include(client.io.engine.id);
  });
});
