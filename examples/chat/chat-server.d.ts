// Types of chat-server.js, for the TypeScript tests that start the chat.
import type { Server as HttpServer } from 'node:http';
import type { Server } from '@rtio/server';
import type { MessageStore } from './message-store.js';

export interface Chat {
  /** http://127.0.0.1:<port> (or the host given) */
  url: string;
  port: number;
  io: Server;
  httpServer: HttpServer;
  store: MessageStore;
  close(): Promise<void>;
}

export function startChat(options?: {
  port?: number;
  host?: string;
  historySize?: number;
  store?: MessageStore;
  serverOptions?: object;
  /** Run as one node of a chat sharing this Redis (adapter and history); close() disconnects from it. */
  redisUrl?: string;
}): Promise<Chat>;
