import { InMemoryAdapter } from '../../src/adapter/in-memory-adapter.js';
import { adapterConformance } from './adapter-conformance.js';

adapterConformance('InMemoryAdapter', (nsp) => new InMemoryAdapter(nsp));
