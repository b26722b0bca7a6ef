// Issue 4's acceptance check, end to end in a browser on the demo co-op: a Team Starter takes a
// new person from first contact to a self-managing team through the page forms alone (enquiry,
// conversation, profile, Promise, match, invitation, trial, hats chosen by consent, stepping back).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/index.ts';
import { isoDate } from '../../src/modules/circles/dates.ts';
import { createPerson } from '../../src/modules/people/commands/create-person.ts';
import { run } from '../../src/platform/context.ts';
import { type LiveServer, expectNoAxeViolations, launchBrowser, noBrowser, signInThroughForm, startServer } from '../support/browser.ts';

const PASSWORD = 'demo password 1';
const EDNA = { email: 'edna.marsh@example.org', name: 'Edna Marsh' };

describe('a newcomer takes a person from first contact to a self-managing team', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    await seedDemo(server.deps, PASSWORD);
    // Edna has an account (as if invited) but no team and no enquiry yet.
    await run(server.deps, null, createPerson, { ...EDNA, password: PASSWORD });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Every kind of page the journey passes through is checked with axe once, the first time it is seen.
  const checked = new Set<string>();
  const axeOnce = async (page: Page, kind: string) => {
    if (checked.has(kind)) return;
    checked.add(kind);
    await expectNoAxeViolations(page);
  };
  const signIn = async (email: string): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, email, PASSWORD);
    return page;
  };
  const submit = async (page: Page, button: string) => {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForLoadState();
  };
  const follow = async (page: Page, link: string | RegExp) => {
    await page.getByRole('link', { name: link }).first().click();
    await page.waitForLoadState();
  };
  const main = async (page: Page) => (await page.locator('main').innerText()) as string;
  const field = (page: Page, name: string) => page.locator(`[id="field-${name}"]`);

  test('enquiry, conversation, profile, Promise, match, invitation, trial, hats and stepping back', async () => {
    const tom = await signIn('tom@demo.carecircles.org');

    // Stages 1 to 4: Tom records the first contact and the conversations on the Local Circle's board.
    await tom.goto(`${server.base}/starter`);
    await axeOnce(tom, 'starter home');
    await follow(tom, 'Calderdale Local Circle');
    await axeOnce(tom, 'board');
    await follow(tom, 'Record a new enquiry');
    await axeOnce(tom, 'new enquiry');
    await field(tom, 'forName').fill(EDNA.name);
    await field(tom, 'askerName').fill('Carol Marsh');
    await field(tom, 'askerRelationship').fill('daughter-in-law');
    await field(tom, 'helpWanted').fill('Company, meals, and a hand with her tablets.');
    await field(tom, 'needsAndTimings').fill('Weekday mornings and a Sunday visit.');
    await field(tom, 'postcode').fill('HX1 2AB');
    await field(tom, 'funding').selectOption('personal-budget');
    await submit(tom, 'Save the enquiry');
    assert.match(tom.url(), /\/enquiries\/[0-9a-f-]{36}$/);
    const enquiryUrl = tom.url();
    await axeOnce(tom, 'enquiry');

    await submit(tom, 'Begin the relationship (stage 2)');
    await field(tom, 'routines').fill('Early riser; the crossword after breakfast; chapel on Sundays.');
    await field(tom, 'supportWanted').fill('Cooking together, company, reminders for tablets.');
    await field(tom, 'personalCareOrMedicines').selectOption('yes');
    await submit(tom, 'Save stage 2');
    await submit(tom, 'Find the right match (stage 3)');
    await field(tom, 'consentToShare').selectOption('yes');
    await field(tom, 'summary').fill('Weekday mornings near Halifax: company, cooking and medication prompts.');
    await submit(tom, 'Save stage 3');
    // Medicines are involved: the trust assessment (stage 4) comes first, so stage 5 is not offered yet.
    assert.equal(await tom.getByRole('button', { name: 'Profiles and promises (stage 5)', exact: true }).count(), 0, 'medicines are involved');
    await submit(tom, 'Supportive conversation and trust assessment (stage 4)');
    await field(tom, 'metOn').fill(isoDate(new Date()));
    await field(tom, 'trustAssessment').fill('Tablets from a blister pack; a paid supporter for medication prompts.');
    await submit(tom, 'Save stage 4');
    await submit(tom, 'Profiles and promises (stage 5)');
    assert.match(await main(tom), /at profiles and promises \(stage 5\)/);

    // Stage 5: Edna is linked by her email and her team is started, with Tom and Edna in it.
    await field(tom, 'email').fill(EDNA.email);
    await submit(tom, 'Link this person');
    await submit(tom, 'Start the team');
    await follow(tom, "Edna's Team");
    const teamUrl = tom.url();
    const teamId = teamUrl.split('/').pop() as string;
    await axeOnce(tom, 'team');
    assert.match(await main(tom), /Being started with a Team Starter/);

    // Edna writes her Getting Support Profile, choosing who sees each part, and accepts the Promise.
    const edna = await signIn(EDNA.email);
    await edna.goto(`${server.base}/teams`);
    await axeOnce(edna, 'your teams');
    await follow(edna, "Edna's Team");
    await follow(edna, 'Getting Support Profile');
    await follow(edna, 'Change the profile and who sees each part');
    await axeOnce(edna, 'profile edit');
    await field(edna, 'about.text').fill('Retired weaver. Loves brass bands and a strong cup of tea.');
    await field(edna, 'about.visibility-team').check();
    await field(edna, 'health.text').fill('Blood pressure tablets at 8am from the blister pack.');
    await field(edna, 'health.visibility-me').check();
    await submit(edna, 'Save the profile');
    await axeOnce(edna, 'profile');
    assert.match(await main(edna), /Seen by: The whole team/);
    await edna.goto(teamUrl);
    await follow(edna, 'Read and accept the Promise');
    await axeOnce(edna, 'promise');
    await edna.getByLabel("I agree to the Getting Support Promise for Edna's Team").check();
    await submit(edna, 'Accept the Promise');
    assert.match(await main(edna), /Accepted \(version/);

    // The match: Tom searches near Edna, shortlists Sam and records the introduction going well.
    await tom.goto(`${server.base}/matching/teams/${teamId}`);
    await axeOnce(tom, 'team matching');
    await follow(tom, 'Search Giving Support Profiles for this team');
    await tom.getByLabel('Search from postcode').fill('HX1');
    await tom.getByRole('checkbox', { name: 'Medication' }).check();
    await submit(tom, 'Search');
    await axeOnce(tom, 'search');
    await submit(tom, "Add Sam Hughes to the shortlist for Edna's Team");
    for (const step of ['Record the introduction', 'They have met', 'It went well']) await submit(tom, step);
    assert.match(await main(tom), /Stage: went well/);

    // Edna follows the invitation link from her shortlist; Sam accepts a trial; Edna records the debrief.
    await edna.goto(`${server.base}/call-outs`);
    await follow(edna, "Call-outs and shortlist for Edna's Team");
    await follow(edna, 'Invite Sam Hughes to join the team');
    await axeOnce(edna, 'invite');
    assert.equal(await edna.getByLabel(/Their email address/).inputValue(), 'sam@demo.carecircles.org');
    await edna.getByLabel('How they would support the team').selectOption('paid');
    await edna.getByLabel('A message for them (optional)').fill('Tom says you make a good cup of tea.');
    await submit(edna, 'Send the invitation');
    const joinUrl = edna.url();
    await axeOnce(edna, 'join');

    const sam = await signIn('sam@demo.carecircles.org');
    await sam.goto(`${server.base}/teams`);
    await sam.locator('main a', { hasText: "Edna's Team" }).click();
    await sam.waitForLoadState();
    assert.equal(sam.url(), joinUrl);
    await submit(sam, 'Accept: start a trial');
    assert.match(await main(sam), /Trial: 2 sessions/);

    await edna.goto(joinUrl);
    await edna.getByLabel('Debrief notes (optional)').fill('Two mornings went well: Sam joins.');
    await submit(edna, 'Record the debrief: joined');
    await sam.goto(`${server.base}/teams/${teamId}/profile`);
    const samReads = await main(sam);
    assert.match(samReads, /brass bands/, 'the whole team reads "About me"');
    assert.doesNotMatch(samReads, /blister pack/, 'health is for Edna only');

    // Stage 7: the team names its essential hats and chooses who wears each, by consent, Tom facilitating.
    await tom.goto(enquiryUrl);
    await submit(tom, 'Build the team (stage 6)');
    await submit(tom, 'Get organised (stage 7)');
    await tom.goto(teamUrl);
    for (const hat of ['Rota Holder', 'Profile Holder', 'Check-in Facilitator']) await tom.getByRole('checkbox', { name: new RegExp(`^${hat}:`) }).check();
    await submit(tom, 'Name these hats');
    const chooseByConsent = async (hat: string, holder: string) => {
      await tom.goto(teamUrl);
      await follow(tom, 'Choose who wears a hat, by consent');
      await axeOnce(tom, 'new selection');
      await field(tom, 'hatId').selectOption({ label: hat });
      await submit(tom, 'Open nominations');
      await axeOnce(tom, 'selection');
      await field(tom, 'nomineeId').selectOption({ label: holder });
      await field(tom, 'reason').fill(`${holder} is there most weeks.`);
      await submit(tom, 'Nominate');
      for (const step of ['Open the nomination round', 'Open the change round']) await submit(tom, step);
      await field(tom, 'candidateId').selectOption({ label: holder });
      await field(tom, 'termStart').fill(isoDate(new Date()));
      await submit(tom, 'Propose this candidate');
      await submit(tom, 'Start the consent round');
      // Each person gives their own answer: nobody answers for another outside a meeting on the record.
      const selectionUrl = tom.url();
      for (const page of [edna, sam, tom]) {
        await page.goto(selectionUrl);
        await field(page, 'response').selectOption('consent');
        await submit(page, 'Record answer');
      }
      await submit(tom, 'Close the round');
      assert.match(await main(tom), new RegExp(`Stage: Appointed · Proposed: ${holder}`));
    };
    await chooseByConsent('Rota Holder', 'Sam Hughes');
    await chooseByConsent('Profile Holder', EDNA.name);
    await chooseByConsent('Check-in Facilitator', 'Sam Hughes');

    // Stage 8: every essential hat is held, so Tom says goodbye and steps back; the team runs itself.
    await tom.goto(enquiryUrl);
    await submit(tom, 'Step back (stage 8)');
    await tom.goto(teamUrl);
    const essentials = await main(tom);
    for (const line of ['Rota Holder: held by Sam Hughes', 'Profile Holder: held by Edna Marsh', 'Check-in Facilitator: held by Sam Hughes']) assert.ok(essentials.includes(line), line);
    await tom.getByLabel('Your goodbye in the team chat').fill('It has been a joy. Edna, you are in good hands.');
    await submit(tom, 'Step back: the team is self-managing');
    assert.match(tom.url(), /\/teams$/);
    assert.doesNotMatch(await main(tom), /Edna's Team/, 'Tom is no longer in the team');
    assert.equal((await tom.goto(teamUrl))?.status(), 404);

    await edna.goto(teamUrl);
    assert.match(await main(edna), /Self-managing since/);
    assert.doesNotMatch(await main(edna), /Tom Barker/);

    await tom.goto(enquiryUrl);
    await submit(tom, 'The team is self-managing: the Team Starter leaves');
    assert.match(await main(tom), /Where it is\s+a self-managing team/);
    for (const page of [tom, edna, sam]) await page.context().close();
  });
});
