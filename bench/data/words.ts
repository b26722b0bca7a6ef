// The words the synthetic co-op is written in: names, places, what support was given, what
// people say in chat. Plain ASCII, so every text is the same in JSON, SQL and the hashes.

export const firstNames = [
  'Ada', 'Ahmed', 'Aisha', 'Alan', 'Alice', 'Amir', 'Ann', 'Arthur', 'Beth', 'Bill', 'Carol', 'Chen', 'Chloe', 'Dan', 'Dev',
  'Dora', 'Edith', 'Eli', 'Emma', 'Farah', 'Frank', 'Grace', 'Hana', 'Harry', 'Ian', 'Irene', 'Isla', 'Jack', 'Jade', 'James',
  'Joan', 'June', 'Kai', 'Kate', 'Kofi', 'Lena', 'Leo', 'Lily', 'Mai', 'Marek', 'Maria', 'Mark', 'Mary', 'Mo', 'Nadia', 'Nell',
  'Noah', 'Olu', 'Owen', 'Pat', 'Paul', 'Priya', 'Raj', 'Rose', 'Ruth', 'Sam', 'Sara', 'Sean', 'Sita', 'Tom', 'Uma', 'Vic',
  'Wen', 'Yusuf', 'Zara', 'Zoe',
];
export const lastNames = [
  'Ali', 'Barker', 'Begum', 'Brown', 'Clarke', 'Cooper', 'Davies', 'Ellis', 'Evans', 'Fox', 'Green', 'Hall', 'Hirst', 'Hughes',
  'Hussain', 'Jones', 'Khan', 'Kowalski', 'Lee', 'Lumb', 'Mensah', 'Murphy', 'Nowak', 'Okafor', 'Patel', 'Pennington', 'Price',
  'Roberts', 'Shah', 'Singh', 'Smith', 'Sutcliffe', 'Taylor', 'Thomas', 'Walker', 'Walsh', 'Ward', 'Wilson', 'Wood', 'Wright', 'Young',
];
export const places = [
  'Calderdale', 'Kirklees', 'Bradford', 'Leeds', 'Wakefield', 'York', 'Harrogate', 'Skipton', 'Keighley', 'Huddersfield',
  'Halifax', 'Hebden Bridge', 'Todmorden', 'Otley', 'Ilkley', 'Dewsbury', 'Batley', 'Pudsey', 'Shipley', 'Bingley',
  'Brighouse', 'Elland', 'Sowerby', 'Holmfirth', 'Marsden', 'Ripon', 'Selby', 'Tadcaster', 'Wetherby', 'Castleford',
];
export const workingCircleKinds = [
  ['Training', 'People who give support are trained and confident.', 'Training plans, courses and records.'],
  ['Rota Pool', 'Cover is found quickly when a supporter cannot come.', 'The shared pool of cover and how it is used.'],
  ['Events', 'Members meet, celebrate and learn from each other.', 'Events, venues and invitations.'],
  ['Wellbeing', 'Supporters are well and stay with us.', 'Supervision, peer support and wellbeing policies.'],
  ['Finance', 'The money adds up and everyone is paid on time.', 'Budgets, payroll and statements.'],
  ['Outreach', 'People who could use the co-op hear about it.', 'Leaflets, talks and the website.'],
  ['Quality', 'Support is safe and good, and we can show it.', 'Audits, feedback and regulator visits.'],
  ['Digital', 'Everyone can use the platform, whatever their kit.', 'Devices, accounts and help with them.'],
] as const;

export const paidActivities = [
  'Morning routine: washing, dressing and breakfast.', 'Lunch made and eaten together; tablets taken.', 'Evening routine and settled for the night.',
  'Shower, hair wash and a change of bedding.', 'Shopping trip and put everything away.', 'Medication round and a chat over tea.',
  'Hospital appointment: drove there and back, stayed throughout.', 'Overnight support: a quiet night.', 'Physio exercises and a short walk.',
];
export const volunteerActivities = [
  'A walk round the park and a cup of tea.', 'Crossword and a long chat.', 'Took the dog out and did a bit of gardening.',
  'Trip to the library and the market.', 'Read the paper together and wrote letters.', 'Lunch club at the community centre.',
  'Helped sort the post and bills.', 'Coffee morning at church.', 'Baking: scones for the neighbours.', 'A drive out to the reservoir.',
];

export const chatLines = [
  'Morning all. Heading over at ten as usual.', 'All fine today, in good spirits.', 'Prescription collected and in the usual drawer.',
  'Could anyone cover Thursday afternoon? I have a dentist appointment.', 'I can do Thursday, no problem.', 'Thank you so much, that is a weight off.',
  'We went to the market and found the good tomatoes.', 'Reminder: the physio comes on Monday at two.', 'The back door lock is sticking again; I have told the landlord.',
  'Lovely afternoon in the garden.', 'Running ten minutes late, sorry.', 'Shopping list is on the fridge.', 'Slept well and ate a good breakfast.',
  'Could we talk about the rota at the next check-in?', 'Happy birthday! The cake was a triumph.', 'GP rang back: blood test results are fine.',
  'Bins go out tonight.', 'I will be away next week; cover is arranged.', 'That made my day, thank you all.', 'Heating engineer booked for Friday morning.',
];
export const circleChatLines = [
  'Minutes from last week are in the logbook.', 'Agenda for Tuesday: two proposals and the rota pool review.', 'Who can take the facilitator hat next month?',
  'Training dates for the spring are up.', 'Welcome to our new members!', 'The room at the library is booked for our meeting.',
  'Please read the proposal before the consent round.', 'Thanks to everyone who came to the open day.', 'Reminder: reviews due this month.',
];

export const proposalTopics = [
  'Rota published a week ahead', 'Cover arrangements for holidays', 'Mileage paid at the co-op rate', 'Monthly check-in on the first Monday',
  'Key safe code changed every quarter', 'Shared shopping budget', 'New supporters shadow two visits first', 'Team chat kept for the team only',
  'Use of the welcome pool', 'Training budget for this year', 'Meeting room at the library', 'Quiet hours after nine in the evening',
  'Medication checks by two people', 'A second Team Starter for the north', 'Review of the expenses policy', 'Open day in the spring',
];
export const reactionLines = ['Yes please, I would have loved this.', 'Good idea; the details matter.', 'I am happy with this.', 'Could we try it for three months first?'];
export const concernLines = ['Snow days are hard to predict.', 'Will this cost more than we think?', 'We should check it with the owner first.'];
export const objectionLines = ['As written this would leave evenings uncovered, which stops us meeting our aim.', 'This clashes with the expenses policy in force.'];
export const questionLines = ['Does a phone call count?', 'Who keeps the list?', 'When would this start?', 'Does this apply to volunteers too?'];

export const adjustReasons = ['Left later than booked.', 'Started early at her request.', 'Visit was cut short: GP came.'];
export const disputeReasons = ['This visit did not happen: I was in hospital that day.', 'The times are wrong by an hour.'];
export const resolutions = ['Spoke to both: the visit happened as logged.', 'Agreed with both sides that the support did not happen.'];

export const profileTexts: Record<string, string> = {
  about: 'I worked at the mill for thirty years. I love my garden, the radio and a proper pot of tea.',
  routines: 'Up at half seven. Breakfast at the table, never in bed. A rest after lunch.',
  'good-support': 'Ask before you help. Let me do what I can, even if it takes longer.',
  visits: 'Knock and call out; I am slow to the door. Check the back door before you go.',
  communication: 'I hear better on my left side. Please face me when you speak.',
  health: 'Tablets at eight and six from the dosette box.',
  triggers: 'Being hurried. Loud television.',
  needs: 'Church on Sunday mornings matters to me.',
  safe: 'Knowing who is coming, and when.',
  essentials: 'Advance decision in the blue folder, hall drawer. MAR chart by the kettle.',
};
