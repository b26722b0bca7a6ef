import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes), the OWASP minimum for argon2id.
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  // Verify against a fixed hash when there is no account, so timing does not reveal who exists.
  const target = stored ?? DUMMY_HASH;
  try {
    const ok = await verify(target, password);
    return ok && stored !== null;
  } catch {
    return false;
  }
}

const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$JrEdPRwYBO6uV+5lrvK6qRyvcHS4OP0u5fs3KT0ZKj8';
