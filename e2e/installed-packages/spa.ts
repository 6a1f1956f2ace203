// A single-page app's entry: typed under moduleResolution bundler without Node's types, then
// bundled by esbuild and run in Chromium (spa.html): it sets window.result.
import { io } from '@rtio/client';

interface FromServer { said: (id: string, text: string) => void }
interface ToServer { say: (text: string, ack: (reply: string) => void) => void }

const socket = io<FromServer, ToServer>({ transports: ['polling', 'websocket'] });
const said = new Promise<string>((resolve) => socket.once('said', (_id, text) => resolve(text)));
socket.timeout(5000).emitWithAck('say', 'from the spa').then(
  async (reply) => {
    (window as unknown as { result: string }).result = `${reply} ${await said}`;
  },
  (error: Error) => {
    (window as unknown as { result: string }).result = `error: ${error.message}`;
  },
);
