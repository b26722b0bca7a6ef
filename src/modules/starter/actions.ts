import { defineAction } from '../../platform/authz.ts';

export const viewEnquiry = defineAction('starter.view', { audience: 'signed-in', description: "An enquiry and the starting-teams overview (policy: the Local Circle's Team Starters and Coaches, and the person it is for; everyone else is told it does not exist)" });
export const runEnquiries = defineAction('starter.run', { audience: 'signed-in', description: "A Local Circle's board and enquiries: record stages, move, check-ins, start a team (policy: the circle's Team Starters and Coaches)" });
