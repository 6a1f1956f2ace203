// Browsers (and any runtime with a global WebSocket): no Node import reaches the bundle from here.
import type { WebSocketConstructor } from './transport.js';

export const getWebSocket = (): WebSocketConstructor | undefined =>
  (globalThis as { WebSocket?: unknown }).WebSocket as WebSocketConstructor | undefined;
export const defaultBinaryType = 'arraybuffer' as 'arraybuffer' | 'nodebuffer';
