// Browsers (and any runtime with a global WebSocket): no Node import reaches the bundle from here.
// The engine options passed as a third constructor argument are ignored by the browser's WebSocket.
import type { EngineWebSocketConstructor } from './platform.js';

export const getWebSocket = (): EngineWebSocketConstructor | undefined =>
  (globalThis as { WebSocket?: unknown }).WebSocket as EngineWebSocketConstructor | undefined;
export const defaultBinaryType = 'arraybuffer' as 'arraybuffer' | 'nodebuffer';
