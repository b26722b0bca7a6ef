import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../platform/context.ts';
import { Invalid } from '../../platform/errors.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { addMember } from '../circles/commands/add-member.ts';
import { saveGivingProfile } from './commands/save-giving-profile.ts';
import { locate, milesBetween } from './places.ts';
import { roundMiles } from './queries.ts';
import { baseProfile, localWithTeam, supporter } from './test-support.ts';

const place = (p: string) => locate(p) as { lat: number; lng: number };

describeEachDatabase('Giving Support Profiles and search', (db) => {
  test('a profile is checked field by field: a bad qualification line is named, an unknown area is said plainly', async () => {
    const t = await testApp(db());
    const person = await makePerson(t);
    const me = actorOf(person);
    await assert.rejects(run(t, me, saveGivingProfile, { ...baseProfile, postcode: 'ZE2 9AA', qualifications: 'Care Certificate, 2021-04\nFirst aid 2023', travelMiles: '500' }), (e: unknown) => {
      assert.ok(e instanceof Invalid);
      assert.equal(e.fields.postcode, 'We do not know that postcode area yet');
      assert.match(e.fields.qualifications ?? '', /^Line 2 \("First aid 2023"\)/);
      assert.match(e.fields.travelMiles ?? '', /100 miles/);
      return true;
    });
    await assert.rejects(run(t, me, saveGivingProfile, { ...baseProfile, givesAs: 'volunteer', supportOffered: ['personal-care'], hourlyRate: '12' }), (e: unknown) =>
      e instanceof Invalid && /Volunteers do not give personal care/.test(e.fields.supportOffered ?? '') && /Volunteers are not paid/.test(e.fields.hourlyRate ?? ''));
    await run(t, me, saveGivingProfile, { ...baseProfile, postcode: ' hx3  9xy', hourlyRate: '£16.5', qualifications: 'Care Certificate, 2021-04\n\nLevel 3 Diploma in Care, 2023-11', languages: 'English, urdu , English' });
    const c = new Client(t.app);
    await c.signIn(person.email);
    const profile = (await c.get('/api/v1/me/giving-profile')).json().profile;
    assert.equal(profile.postcode, 'HX3 9XY');
    assert.equal(profile.district, 'HX3');
    assert.equal(profile.hourlyRatePence, 1650);
    assert.deepEqual(profile.qualifications, [{ name: 'Care Certificate', date: '2021-04' }, { name: 'Level 3 Diploma in Care', date: '2023-11' }]);
    assert.deepEqual(profile.languages, ['English', 'urdu']);

    // Through the page: the message sits beside its field and what was typed stays.
    const bad = await c.submit('/giving-profile', { ...baseProfile, postcode: 'ZZ9 9ZZ', supportOffered: 'shopping', availability: 'wed-night', qualifications: 'Nursing degree' } as unknown as Record<string, string>);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-postcode-error"[^>]*>Error: We do not know that postcode area yet/);
    assert.match(bad.body, /value="ZZ9 9ZZ"/);
    assert.match(bad.body, /Line 1 \(&quot;Nursing degree&quot;\)/);
    assert.match(bad.body, /value="wed-night" checked/);
    await t.app.close();
  });

  test('search: within the distance and each supporter’s own reach, filtered, nearest first, miles to one decimal', async () => {
    const t = await testApp(db());
    const { starter, teamId, owner } = await localWithTeam(t);
    const near = await supporter(t, { postcode: 'HX1 5AA', hourlyRate: '15.00', availability: ['mon-morning'] }, 'Ann Near');
    const volunteer = await supporter(t, { postcode: 'HX3', givesAs: 'volunteer', expertise: [], languages: 'English, Urdu', availability: ['tue-evening'] }, 'Bea Volunteer');
    const huddersfield = await supporter(t, { postcode: 'HD1 1AA', supportOffered: ['personal-care', 'companionship'], expertise: [], hourlyRate: '20', availability: ['wed-afternoon'] }, 'Cal Huddersfield');
    await supporter(t, { postcode: 'LS1 4AP', travelMiles: '20' }, 'Dee Leeds');
    await supporter(t, { postcode: 'HX2', travelMiles: '1' }, 'Eve Stays Home');
    const closed = await supporter(t, { postcode: 'HX1', openToNewTeams: 'no' }, 'Fay Closed');

    const mine = new Set(['Ann Near', 'Bea Volunteer', 'Cal Huddersfield', 'Dee Leeds', 'Eve Stays Home', 'Fay Closed']);
    const c = new Client(t.app);
    await c.signIn(starter.email);
    const names = async (query: string) => {
      const res = await c.get(`/api/v1/matching?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      // Other tests in this file share the database: look only at this test's supporters.
      return (res.json().results as { name: string }[]).map((r) => r.name).filter((n) => mine.has(n));
    };
    assert.deepEqual(await names('postcode=hx1%201aa'), ['Ann Near', 'Bea Volunteer', 'Cal Huddersfield'], 'Leeds is too far, Eve will not travel 2 miles, Fay is not open');
    assert.deepEqual(await names('postcode=HX1&miles=20'), ['Ann Near', 'Bea Volunteer', 'Cal Huddersfield', 'Dee Leeds']);
    assert.deepEqual(await names('postcode=HX1&miles=3'), ['Ann Near', 'Bea Volunteer']);
    assert.deepEqual(await names('postcode=HX1&skills=dementia'), ['Ann Near']);
    assert.deepEqual(await names('postcode=HX1&skills=companionship&skills=personal-care'), ['Cal Huddersfield']);
    assert.deepEqual(await names('postcode=HX1&languages=urdu'), ['Bea Volunteer']);
    assert.deepEqual(await names('postcode=HX1&day=tue&part=evening'), ['Bea Volunteer']);
    assert.deepEqual(await names('postcode=HX1&day=wed'), ['Cal Huddersfield']);
    assert.deepEqual(await names('postcode=HX1&part=morning'), ['Ann Near']);
    assert.deepEqual(await names('postcode=HX1&maxRate=16'), ['Ann Near', 'Bea Volunteer'], 'no rate (a volunteer) is never above the limit');
    const bad = await c.get('/api/v1/matching?postcode=ZE2&miles=abc');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.fields.postcode, 'We do not know that postcode area yet');

    // A closed profile shows to someone who shares a circle with its person, unless they ask for open ones only.
    await run(t, system, addMember, { circleId: teamId, personId: closed.personId, participation: 'full' });
    const ownerClient = new Client(t.app);
    await ownerClient.signIn(owner.email);
    const ownerNames = async (query: string) => ((await ownerClient.get(`/api/v1/matching?team=${teamId}&${query}`)).json().results as { name: string }[]).map((r) => r.name).filter((n) => mine.has(n));
    assert.ok((await ownerNames('postcode=HX1')).includes('Fay Closed'));
    assert.ok(!(await ownerNames('postcode=HX1&open=1')).includes('Fay Closed'));

    const page = await c.get('/matching?postcode=HX1&miles=10');
    assert.equal(page.statusCode, 200);
    const expected = roundMiles(milesBetween(place('HX1'), place('HD1'))).toFixed(1);
    assert.match(page.body, new RegExp(`${expected} miles away`));
    assert.match(page.body, /0\.0 miles away/);
    assert.ok(page.body.indexOf(near.name) < page.body.indexOf(volunteer.name) && page.body.indexOf(volunteer.name) < page.body.indexOf(huddersfield.name));
    await t.app.close();
  });

  test('who may search: Team Starters and admins; owners only for their own team; nobody else', async () => {
    const t = await testApp(db());
    const { starter, owner, member, outsider, teamId } = await localWithTeam(t);
    const other = await localWithTeam(t);
    const admin = await makePerson(t, { admin: true });
    const status = async (who: { email: string }, query: string) => {
      const c = new Client(t.app);
      await c.signIn(who.email);
      return [(await c.get(`/matching?${query}`)).statusCode, (await c.get(`/api/v1/matching?postcode=HX1&${query}`)).statusCode];
    };
    assert.deepEqual(await status(starter, ''), [200, 200]);
    assert.deepEqual(await status(admin, ''), [200, 200]);
    assert.deepEqual(await status(outsider, ''), [403, 403]);
    assert.deepEqual(await status(owner, ''), [403, 403], 'an owner searches for their own team');
    assert.deepEqual(await status(owner, `team=${teamId}`), [200, 200]);
    assert.deepEqual(await status(owner, `team=${other.teamId}`), [403, 403]);
    assert.deepEqual(await status(member, `team=${teamId}`), [403, 403], 'a team member is not the owner');
    assert.deepEqual(await status(other.starter, `team=${other.teamId}`), [200, 200]);
    await t.app.close();
  });

  test('a profile is seen by co-op members only when open to new teams or when they share a circle', async () => {
    const t = await testApp(db());
    const { teamId, member, outsider } = await localWithTeam(t);
    const open = await supporter(t, {}, 'Open Olive');
    const closed = await supporter(t, { openToNewTeams: 'no' }, 'Closed Cleo');
    await run(t, system, addMember, { circleId: teamId, personId: closed.personId, participation: 'full' });
    const as = async (who: { email: string }) => {
      const c = new Client(t.app);
      await c.signIn(who.email);
      return async (p: { personId: string }) => [(await c.get(`/people/${p.personId}/giving-profile`)).statusCode, (await c.get(`/api/v1/people/${p.personId}/giving-profile`)).statusCode];
    };
    const outsiderSees = await as(outsider);
    assert.deepEqual(await outsiderSees(open), [200, 200]);
    assert.deepEqual(await outsiderSees(closed), [404, 404]);
    assert.deepEqual(await outsiderSees(outsider), [404, 404], 'no profile at all looks the same');
    assert.deepEqual(await (await as(member))(closed), [200, 200], 'a team-mate sees it');
    assert.deepEqual(await (await as(closed))(closed), [200, 200], 'and so does its person');
    const c = new Client(t.app);
    await c.signIn(outsider.email);
    const printable = await c.get(`/people/${open.personId}/giving-profile`);
    assert.match(printable.body, /Giving Support Profile: Open Olive/);
    assert.match(printable.body, /HX1, travels up to 10 miles/);
    assert.doesNotMatch(printable.body, /HX1 2AB/, 'others see the district, not the full postcode');
    assert.equal((await c.get(`/api/v1/people/${open.personId}/giving-profile`)).json().profile.lat, undefined);
    assert.equal((await t.app.inject({ url: `/people/${open.personId}/giving-profile` })).statusCode, 303, 'signed-out visitors are sent to sign in');
    await t.app.close();
  });
});

