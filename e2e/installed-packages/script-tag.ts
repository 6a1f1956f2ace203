// What a page using <script src="/rt/client.js"> sees, typed: `@rtio/client/bundle` declares the global io.
import '@rtio/client/bundle';

const socket = io({ reconnectionAttempts: 3 });
socket.on('connect', () => console.log(socket.id));
export const manager: InstanceType<typeof io.Manager> = socket.io;
