// Typed errors: commands throw these, the web layer maps them to status codes and pages.
export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  readonly status: number = 500;
}

export class NotAllowed extends DomainError {
  override readonly status = 403;
  constructor(message = 'You do not have permission to do that.') {
    super(message);
  }
}

export class NotSignedIn extends DomainError {
  override readonly status = 401;
  constructor(message = 'Please sign in first.') {
    super(message);
  }
}

export class NotFound extends DomainError {
  override readonly status = 404;
  constructor(message = 'We could not find that.') {
    super(message);
  }
}

export class Conflict extends DomainError {
  override readonly status = 409;
}

export class Invalid extends DomainError {
  override readonly status = 422;
  constructor(
    readonly fields: FieldErrors,
    message = 'Please correct the highlighted fields.',
  ) {
    super(message);
  }
}

export class TooManyRequests extends DomainError {
  override readonly status = 429;
  constructor(message = 'Too many attempts. Please wait a few minutes and try again.') {
    super(message);
  }
}
