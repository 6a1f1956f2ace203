// Node: WebSocket through `ws` (headers supported). Picked by the `#websocket-constructor` imports map.
import WebSocket from 'ws';
import type { WebSocketConstructor } from './transport.js';

export const getWebSocket = (): WebSocketConstructor | undefined => WebSocket as unknown as WebSocketConstructor;
export const defaultBinaryType = 'nodebuffer' as 'arraybuffer' | 'nodebuffer';
