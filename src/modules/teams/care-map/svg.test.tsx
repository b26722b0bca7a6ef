// What the picture shows and what its text equivalent says: the same people, hats, connections
// and kinds of care, each kind of care drawn with its own line pattern, not colour alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'preact-render-to-string';
import { testApp } from '../../../../test/support/app.ts';
import { system } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { run } from '../../../platform/context.ts';
import { logTeam } from '../../care/logs/test-support.ts';
import { assignHat } from '../../circles/commands/assign-hat.ts';
import { circleHats } from '../../circles/queries.ts';
import { nameTeamHats } from '../commands/team.ts';
import { addConnection } from './commands.ts';
import { readCareMap } from './queries.ts';
import { careStyles } from './svg.tsx';
import { CareMapFigure } from './views.tsx';

const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const all = (re: RegExp, s: string) => [...s.matchAll(re)].map((m) => unescape(m[1] as string));

describeEachDatabase('the care map picture', (db) => {
  test('the SVG draws the owner, the team by how they take part with their hats, each connection by its kind of care; the list says the same', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const team = await logTeam(deps);
    await run(deps, team.actors.owner, nameTeamHats, { teamId: team.teamId, hats: ['MAR Holder'] });
    const mar = (await circleHats(t.database.db, team.teamId, t.clock.now())).find((h) => h.name === 'MAR Holder');
    await run(deps, system, assignHat, { hatId: mar?.id ?? '', personId: team.cast.paid.personId });
    const long = 'The Calder Valley Community Lunch and Friendship Club';
    for (const [name, kind, care] of [['Church Lane surgery', 'service', 'engaged'], [long, 'group', 'generative'], ['Margaret next door', 'person', 'inactive']] as const) {
      await run(deps, team.actors.advocate, addConnection, { teamId: team.teamId, name, kind, care });
    }
    const map = await run(deps, team.actors.volunteer, readCareMap, { teamId: team.teamId });
    assert.equal(map.mayKeep, false, 'a volunteer reads the map but does not keep it');
    const html = render(<CareMapFigure map={map} level={2} />);
    const svg = unescape(html.slice(html.indexOf('<svg'), html.indexOf('</svg>')));
    const list = unescape(html.slice(html.indexOf('</svg>')));

    // Named and described for assistive technology by elements that exist.
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)?.[1];
    const describedBy = /aria-describedby="([^"]+)"/.exec(svg)?.[1];
    assert.match(svg, /^<svg[^>]* role="img"/);
    assert.match(svg, new RegExp(`<title id="${labelledBy}">The owner's circle of support</title>`));
    assert.match(svg, new RegExp(`<desc id="${describedBy}">The owner at the centre, 4 people in the team around them, then 3 connections \\(1 generative, 1 engaged, 1 inactive\\), inside the Local Circle Local\\.`));

    // The owner in the middle; the team in groups by how they take part, hats beside the names.
    assert.match(svg, /class="care-map-owner"[^>]*>The owner</);
    const people = svg.split('<g class="care-map-person" ').slice(1);
    const groupOf = (name: string) => /^data-group="([a-z]+)"/.exec(people.find((g) => g.includes(`>${name}</tspan>`)) ?? '')?.[1];
    assert.deepEqual(
      ['The advocate', 'The paid', 'The volunteer', 'The coach'].map(groupOf),
      ['advocate', 'paid', 'volunteers', 'volunteers'],
    );
    assert.match(svg, /The paid<\/tspan><tspan[^>]*>MAR Holder<\/tspan>/);
    assert.match(svg, /Local Circle: Local/);

    // Each connection's line: its own pattern and width, and its kind of care in words on the node.
    for (const [care, style] of Object.entries(careStyles)) {
      const line = new RegExp(`<line [^>]*stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} stroke-linecap="round" data-care="${care}"`);
      assert.equal(svg.match(new RegExp(line.source, 'g'))?.length, 2, `${care}: one line to the connection and one in the key`);
    }
    assert.match(svg, /Church Lane surgery<\/tspan><tspan[^>]*>service · engaged<\/tspan>/);
    assert.match(svg, /Margaret next door<\/tspan><tspan[^>]*>person · inactive<\/tspan>/);
    assert.ok(!svg.includes(long) && svg.includes('The Calder Valley C…'), 'a long name is shortened in the picture');

    // The text equivalent carries everyone and everything the picture names, in full.
    const drawn = all(/<tspan[^>]*font-weight="700"[^>]*>([^<]+)<\/tspan>/g, svg).concat(all(/class="care-map-owner"[^>]*>([^<]+)</g, svg));
    const listed = all(/<strong>([^<]+)<\/strong>/g, list);
    assert.deepEqual(listed.map((n) => n.slice(0, 19)).sort(), drawn.map((n) => n.replace(/…$/, '')).sort());
    assert.ok(listed.includes(long));
    assert.match(list, /The paid<\/strong>, paid supporter · hats: MAR Holder/);
    assert.match(list, new RegExp(`${long}</strong> \\(group\\): <span[^>]*>generative care</span>`));
    assert.match(list, /Church Lane surgery<\/strong> \(service\): <span[^>]*>engaged care/);
    assert.match(list, /Margaret next door<\/strong> \(person\): <span[^>]*>inactive care/);
    for (const heading of ['Advocate', 'Paid supporters', 'Volunteers']) assert.match(list, new RegExp(`<h3>${heading}</h3>`));
    assert.match(list, /The Local Circle Local/);
    assert.doesNotMatch(list, /Remove /, 'no change buttons for someone who may not change the map');
  });
});
