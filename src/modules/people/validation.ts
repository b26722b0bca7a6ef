import { z } from 'zod';
import { contactChannels } from './schema.ts';

export const email = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email('Enter an email address like name@example.org'));

export const newPassword = z
  .string({ error: 'Enter a password' })
  .min(10, 'Password must be at least 10 characters')
  .max(200, 'Password must be 200 characters or fewer');

export const personName = z
  .string({ error: 'Enter a name' })
  .trim()
  .min(1, 'Enter a name')
  .max(120, 'Name must be 120 characters or fewer');

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : null));

const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.boolean()], { error: 'Tick the box or leave it empty' })
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === true);

export const profileInput = z.object({
  name: personName,
  preferredName: optionalText(120, 'Preferred name'),
  pronouns: optionalText(40, 'Pronouns'),
  phone: optionalText(40, 'Phone number').refine((v) => v === null || /^[+0-9 ()-]{6,40}$/.test(v), {
    message: 'Enter a phone number using digits, spaces and + ( ) -',
  }),
  address: optionalText(500, 'Address'),
  preferredChannel: z.enum(contactChannels, { error: 'Choose how you would like to be contacted' }),
  language: z.enum(['en', 'cy'], { error: 'Choose a language from the list' }),
  largeText: checkbox,
  reducedMotion: checkbox,
  highContrast: checkbox,
  accessibilityNotes: optionalText(1000, 'Accessibility notes'),
});
export type ProfileInput = z.input<typeof profileInput>;

export const signInInput = z.object({
  email,
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, 'Password is too long'),
});

export const inviteInput = z.object({
  email,
  name: personName,
  message: optionalText(1000, 'Message'),
});

export const acceptInput = z
  .object({
    name: personName,
    password: newPassword,
    confirmPassword: z.string({ error: 'Enter the password again' }).max(200, 'Password is too long'),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords do not match',
  });

export const resetRequestInput = z.object({ email });

export const resetInput = z
  .object({
    password: newPassword,
    confirmPassword: z.string({ error: 'Enter the password again' }).max(200, 'Password is too long'),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords do not match',
  });

export const tokenInput = z.object({
  label: z
    .string({ error: 'Give the token a name' })
    .trim()
    .min(1, 'Give the token a name, such as "my phone app"')
    .max(80, 'Name must be 80 characters or fewer'),
});
