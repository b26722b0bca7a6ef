// The demo co-op: the people, then each module's part, in the order they depend on each other.
import './circles.ts';
import './decisions.ts';
import './meetings.ts';
import './membership.ts';
import './credits.ts';

export { seedDemo } from './seed.ts';
