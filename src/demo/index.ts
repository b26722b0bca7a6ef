// The demo co-op: the people, then each module's part, in the order they depend on each other.
import './circles.ts';
import './teams.ts';
import './starter.ts';
import './decisions.ts';
import './meetings.ts';
import './membership.ts';
import './credits.ts';
import './concerns.ts';
import './chat.ts';
import './matching.ts';
import './care.ts';
import './today.ts';
import './survey.ts';

export { seedDemo } from './seed.ts';
