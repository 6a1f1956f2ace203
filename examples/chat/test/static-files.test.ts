// The chat server's static files, over real HTTP: types, HEAD, 405, and nothing outside public/.
import { expect } from 'chai';
import { request } from 'node:http';
import { startChat, type Chat } from '../chat-server.js';
import { createMemoryStore } from '../message-store.js';

/** A GET with the path sent exactly as given (no URL normalisation), for traversal attempts. */
function rawGet(url: string, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('examples/chat: static files', () => {
  let chat: Chat | undefined;
  afterEach(async () => {
    await chat?.close();
    chat = undefined;
  });

  async function start(): Promise<Chat> {
    chat = await startChat({ port: 0, host: '127.0.0.1', store: createMemoryStore() });
    return chat;
  }

  it('serves the page, its script and style with their content types, and rtio’s client at /rt/client.js', async () => {
    const { url } = await start();
    const page = await fetch(`${url}/`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).to.include('<script src="/rt/client.js"></script>').and.include('<script type="module" src="/chat.js"></script>');
    for (const id of ['status', 'name-form', 'name', 'name-error', 'chat', 'rooms', 'messages', 'online', 'typing', 'message-form', 'message', 'message-error']) {
      expect(html, `#${id}`).to.include(`id="${id}"`);
    }
    expect((await fetch(`${url}/index.html`)).status).to.equal(200);
    const script = await fetch(`${url}/chat.js`);
    expect(script.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    expect(await script.text()).to.include("socket.on('message'");
    const style = await fetch(`${url}/chat.css`);
    expect(style.headers.get('content-type')).to.equal('text/css; charset=utf-8');
    await style.arrayBuffer();
    const client = await fetch(`${url}/rt/client.js`);
    expect(client.status).to.equal(200);
    expect(client.headers.get('content-type')).to.match(/javascript/);
    await client.arrayBuffer();
    const head = await fetch(`${url}/chat.js`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    const post = await fetch(`${url}/`, { method: 'POST' });
    expect(post.status).to.equal(405);
    await post.arrayBuffer();
  });

  it('answers 404 for unknown files, dot files, bad escapes and paths that climb out of public/', async () => {
    const { url } = await start();
    for (const path of ['/nope.html', '/chat.jsx', '/../chat-server.js', '/..%2fchat-server.js', '/%2e%2e/package.json', '/%2e%2e%2f%2e%2e%2fpackage.json', '/.env', '/..\\chat-server.js', '/%5c..%5cchat-server.js', '/%ZZ', '/chat.js%00.html', '//etc/passwd', '/public/chat.js']) {
      const res = await rawGet(url, path);
      expect(res.status, path).to.equal(404);
      expect(res.body, path).to.not.include('startChat');
    }
  });
});
