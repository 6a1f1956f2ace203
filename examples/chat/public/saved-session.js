// What the page remembers across a reload: the name and room in localStorage (so a reload, or a
// new tab, comes back as the same person in the same room) and the clientId in sessionStorage
// (per tab: it lets a reloaded tab take its name back from its own connection the server has not
// yet seen die). Storage may be off (private modes, policies): then nothing is remembered, and
// even reaching `localStorage` can throw, so it is only touched inside try.

const KEY = 'rtio-chat';

/** @returns {{ name: string | null, room: string | null }} */
export function loadSession() {
  const saved = read(() => localStorage, KEY);
  return { name: typeof saved?.name === 'string' ? saved.name : null, room: typeof saved?.room === 'string' ? saved.room : null };
}

/** @param {{ name: string, room: string }} session */
export function saveSession({ name, room }) {
  write(() => localStorage, KEY, { name, room });
}

export function forgetSession() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // storage off: nothing was saved
  }
}

/** This tab's clientId, the same after a reload. */
export function tabClientId() {
  const saved = read(() => sessionStorage, KEY);
  if (typeof saved?.clientId === 'string') return saved.clientId;
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const clientId = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  write(() => sessionStorage, KEY, { clientId });
  return clientId;
}

/** @returns {Record<string, unknown> | null} */
function read(/** @type {() => Storage} */ storage, /** @type {string} */ key) {
  try {
    const value = JSON.parse(storage().getItem(key) ?? 'null');
    return value !== null && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function write(/** @type {() => Storage} */ storage, /** @type {string} */ key, /** @type {object} */ value) {
  try {
    storage().setItem(key, JSON.stringify(value));
  } catch {
    // storage off or full: the page works, it only forgets on reload
  }
}
