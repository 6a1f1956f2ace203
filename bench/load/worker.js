// The load process: runs one workload against one server when the runner says so.
import { WORKLOADS } from './workloads.js';

let memoryReply;
const control = {
  /** Asks the runner for the server's heap and RSS after gc. */
  memory: () =>
    new Promise((resolve) => {
      memoryReply = resolve;
      process.send({ type: 'memory' });
    }),
};

process.on('message', async (message) => {
  if (message.type === 'memory') {
    memoryReply?.(message);
    return;
  }
  if (message.type === 'stop') process.exit(0);
  if (message.type !== 'run') return;
  try {
    const result = await WORKLOADS[message.kind](message.target, message.params, control);
    process.send({ type: 'result', result });
  } catch (error) {
    process.send({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
