import { expect } from 'chai';
import { Emitter } from '../src/index.js';

interface ChatEvents {
  message: (text: string, from: number) => void;
  typing: () => void;
}
interface LifecycleEvents {
  connect: () => void;
}

class Chat extends Emitter<ChatEvents, LifecycleEvents> {
  receive(text: string, from: number): boolean {
    return this.emitEvent('message', text, from);
  }
  open(): void {
    this.emitReserved('connect');
  }
}

describe('Emitter', () => {
  it('calls listeners with the arguments, in order, and says whether any listened', () => {
    const chat = new Chat();
    const seen: string[] = [];
    expect(chat.receive('nobody', 0)).to.equal(false);
    chat.on('message', (text, from) => seen.push(`a:${text}:${from}`)).on('message', (text) => seen.push(`b:${text}`));
    expect(chat.receive('hi', 7)).to.equal(true);
    expect(seen).to.deep.equal(['a:hi:7', 'b:hi']);
  });

  it('runs a once listener a single time and can remove it before', () => {
    const chat = new Chat();
    let count = 0;
    const listener = () => count++;
    chat.once('connect', listener);
    chat.open();
    chat.open();
    expect(count).to.equal(1);
    chat.once('connect', listener);
    chat.off('connect', listener);
    chat.open();
    expect(count).to.equal(1);
  });

  it('emits over a copy: listeners added or removed during an emit apply next time', () => {
    const chat = new Chat();
    const seen: string[] = [];
    const second = () => seen.push('second');
    chat.on('typing', () => {
      seen.push('first');
      chat.off('typing', second);
      chat.on('typing', () => seen.push('third'));
    });
    chat.on('typing', second);
    (chat as unknown as { dispatch(e: string, a: unknown[]): boolean }).dispatch('typing', []);
    expect(seen).to.deep.equal(['first', 'second']);
  });

  it('removes all listeners of an event, or all of them', () => {
    const chat = new Chat();
    chat.on('typing', () => {}).on('typing', () => {}).on('connect', () => {});
    expect(chat.listenerCount('typing')).to.equal(2);
    chat.off('typing');
    expect(chat.hasListeners('typing')).to.equal(false);
    expect(chat.listeners('connect')).to.have.length(1);
    chat.off();
    expect(chat.listenerCount('connect')).to.equal(0);
  });

  it('types listeners and reserved events (checked by tsc)', () => {
    const chat = new Chat();
    // @ts-expect-error a listener must match the event's signature
    chat.on('message', (text: number) => text);
    // @ts-expect-error unknown events are refused
    chat.on('unknown', () => {});
    // @ts-expect-error reserved events cannot be emitted from outside
    chat.emitReserved('connect');
    expect(chat.listenerCount('message')).to.equal(1);
  });

  it('treats names of Object.prototype members ("__proto__", "toString"…) as plain event names', () => {
    // Event names come from the wire; an emitter must not read or replace inherited members.
    class Wire extends Emitter<Record<string, (...args: unknown[]) => void>> {
      deliver(event: string, ...args: unknown[]): boolean {
        return this.dispatch(event, args);
      }
    }
    const wire = new Wire();
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expect(wire.listeners(name), name).to.deep.equal([]);
      expect(wire.deliver(name, 1), name).to.equal(false);
    }
    const heard: unknown[] = [];
    wire.on('__proto__', (value) => heard.push(['__proto__', value]));
    wire.on('toString', (value) => heard.push(['toString', value]));
    expect(wire.deliver('__proto__', 1)).to.equal(true);
    expect(wire.deliver('toString', 2)).to.equal(true);
    expect(heard).to.deep.equal([['__proto__', 1], ['toString', 2]]);
    expect(Object.getPrototypeOf(wire)).to.equal(Wire.prototype);
    expect(String(wire)).to.equal('[object Object]');
    wire.off('__proto__');
    expect(wire.listenerCount('__proto__')).to.equal(0);
  });
});
