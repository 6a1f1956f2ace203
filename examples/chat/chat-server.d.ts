// Types of chat-server.js, for the TypeScript tests that start the chat.
import type { Server as HttpServer } from 'node:http';
import type { Server } from '@rtio/server';
import type { MessageStore } from './message-store.js';

export const DEFAULT_DATA_DIR: string;
export const ROOMS: readonly string[];
export const DEFAULT_ROOM: string;
export const MAX_NAME: number;
export const MAX_MESSAGE: number;
export const ERRORS: Readonly<Record<'name' | 'nameTaken' | 'joinFirst' | 'noSuchRoom' | 'message' | 'internal', string>>;
export const NAME_ERRORS: Readonly<Record<'length' | 'invisible' | 'mixedScripts' | 'marks', string>>;
export function checkName(value: unknown): { name: string } | { error: string };
export function cleanText(value: unknown): string | undefined;
/** The in-memory history (tests, or a chat that may forget). */
export function createMemoryStore(options?: { historySize?: number; now?: () => number }): MessageStore;

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
  /** Replaces the on-disk history; the caller closes it. */
  store?: MessageStore;
  /** The LevelDB directory of the default on-disk history (DEFAULT_DATA_DIR: examples/chat/data/). */
  dataDir?: string;
  serverOptions?: object;
  /** Run as one node of a chat sharing this Redis (adapter and history); close() disconnects from it. */
  redisUrl?: string;
}): Promise<Chat>;
