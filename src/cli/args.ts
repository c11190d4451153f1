/** Argument helpers shared by the dat-sim commands. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage or input problem: printed without a stack, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Parsed<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, _command: string): Parsed<T> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    let message = err.message.replace(/^TypeError \[[A-Z_]+\]: /, '');
    // Say what is allowed: the command's options (and --help).
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const m = /^Unknown option '([^']+)'/.exec(message);
      message = `unknown option ${m ? m[1] : ''}; ${_command} accepts ${allowedOptions(options)}`;
    } else if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      message += `; ${_command} accepts ${allowedOptions(options)}`;
    }
    throw new UsageError(message);
  }
}

/** `--a VALUE, --b, --help`: a command's options as a user types them. */
export function allowedOptions(options: NonNullable<ParseArgsConfig['options']>): string {
  return [...Object.entries(options).map(([k, o]) => (o.type === 'string' ? `--${k} VALUE` : `--${k}`)), '--help'].join(', ');
}

/** A whole number within [min, max], or a UsageError naming the flag. */
export function intFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got ${n}`);
  return n;
}

export function oneOf<T extends string>(value: string | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} expects one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}
