// Care in Rose's Team: a month of visits, their care logs in every state, notes and a MAR,
// then rates, expenses and statements priced from the confirmed logs. Each part needs the one
// before it (visits end into logs; statements count confirmed logs).
import { careLogsDemo } from './care-logs.ts';
import { seedCareMoney } from './care-money.ts';
import { careNotesDemo } from './care-notes.ts';
import { careVisitsDemo } from './care-visits.ts';
import { extendDemo } from './seed.ts';

extendDemo(async (deps, p) => {
  await careVisitsDemo(deps, p);
  await careLogsDemo(deps, p);
  await careNotesDemo(deps, p);
  await seedCareMoney(deps, p);
});
