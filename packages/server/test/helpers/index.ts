// Raw-protocol test helpers for server tests: frame buffering, raw transports, disposal.
export { FrameQueue, FrameQueueError, DEFAULT_WAIT_MS, previewItem, type FrameQueueErrorCode } from './frame-queue.js';
export { DEFAULT_PATH, engineUrl, parseOpenPacket, toWebSocketUrl, type QueryOverrides } from './endpoint.js';
export { encodeEngine, encodePayload, socketToEngine, toBuffer } from './wire.js';
export {
  RawWebSocket,
  UpgradeRejectedError,
  type CloseInfo,
  type Frame,
  type RawWebSocketOptions,
  type UpgradeResponse,
} from './raw-websocket.js';
export {
  RawPolling,
  type HttpResponse,
  type PollingRequestOptions,
  type PollingSession,
  type RawPollingOptions,
} from './raw-polling.js';
export { Disposer, type Disposable } from './disposer.js';
