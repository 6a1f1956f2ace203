// Mocha hooks the chat server's tests share: a chat on 127.0.0.1:0 (in-memory history unless told
// otherwise), recording clients, and everything the server logged with console.error; all closed
// after each test.
import { startChat } from '../chat-server.js';
import { createMemoryStore, type MessageStore } from '../message-store.js';
import { Client, joinAs } from './chat-client.js';

export type Chat = Awaited<ReturnType<typeof startChat>>;

export interface ChatHarness {
  /** What the server logged with console.error (and rtio's 'error' events) during this test. */
  readonly serverErrors: unknown[];
  /** Starts the chat; `store` defaults to an in-memory one of `historySize`. */
  start(options?: { historySize?: number; store?: MessageStore; dataDir?: string }): Promise<Chat>;
  /** A connected client of the chat started last. */
  connect(): Promise<Client>;
  /** A connected client that joined as `name` (and switched to `room`). */
  member(name: string, room?: string): Promise<Client>;
}

/** Call inside `describe`. */
export function useChatHarness(): ChatHarness {
  const chats: Chat[] = [];
  let clients: Client[] = [];
  const serverErrors: unknown[] = [];
  let consoleError: typeof console.error;

  beforeEach(() => {
    serverErrors.length = 0;
    consoleError = console.error;
    console.error = (...args: unknown[]) => serverErrors.push(args);
  });
  afterEach(async () => {
    console.error = consoleError;
    for (const client of clients) client.close();
    clients = [];
    for (const chat of chats.splice(0)) await chat.close();
  });

  const harness: ChatHarness = {
    serverErrors,
    async start({ historySize = 50, store, dataDir } = {}) {
      const chat = await startChat({ port: 0, host: '127.0.0.1', historySize, store: dataDir === undefined ? (store ?? createMemoryStore({ historySize })) : undefined, dataDir });
      chat.io.on('error', (error: unknown) => serverErrors.push(error));
      chats.push(chat);
      return chat;
    },
    async connect() {
      const chat = chats[chats.length - 1];
      if (!chat) throw new Error('start() first');
      const client = new Client(chat.url);
      clients.push(client);
      return client.connected();
    },
    async member(name, room = 'general') {
      return joinAs(await harness.connect(), name, room);
    },
  };
  return harness;
}
