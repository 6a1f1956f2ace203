// The IPC messages between an attack test and its target process (target.ts).

export interface TargetConfig {
  /** 'plain': defaults with short timeouts; 'strict': async CORS and allowRequest, compression on. */
  variant?: 'plain' | 'strict';
  /** rtio's grace period for upgrades on other paths; rtio's default when absent. */
  destroyUpgradeTimeout?: number;
  /** Whether the app has its own WebSocket server on /ws (an 'upgrade' listener beside rtio's). Default true. */
  appWebSocket?: boolean;
}

export type TargetRequest =
  | { kind: 'state'; id: number; gc: boolean }
  /** Answered with a state once every count is 0 (at once if it is). */
  | { kind: 'quiet'; id: number }
  | { kind: 'stop' };

/** What the target holds: every count returns to 0 once the attackers are gone. */
export interface TargetState {
  kind: 'state';
  id: number;
  /** Engine.IO sessions. */
  sessions: number;
  /** Socket.IO sockets in '/' and '/admin'. */
  sockets: number;
  /** Rooms in the adapters of '/' and '/admin'. */
  rooms: number;
  /** TCP connections the http server accepted that are still open. */
  connections: number;
  /** Heap after a full gc when asked for one. */
  heapUsed: number;
}

export type TargetReply =
  | { kind: 'ready'; port: number }
  | { kind: 'crash'; origin: string; stack: string }
  | TargetState;
