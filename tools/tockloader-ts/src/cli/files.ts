/**
 * File helpers for the command line: reads that report a one-line reason, and writes that
 * never leave a partial file (write to a temporary name beside the target, then rename).
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '@tock-ts/hil';

/** The reason a file-system call failed, without the stack. */
export function describeFileError(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    const code = String(error.code);
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'is a directory';
    return code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The contents of `path`, or a message saying why it could not be read. */
export function readFileBytes(path: string): Result<Uint8Array, string> {
  try {
    return ok(new Uint8Array(readFileSync(path)));
  } catch (error) {
    return err(`cannot read ${path}: ${describeFileError(error)}`);
  }
}

/** Bytes written per call, so that progress can be reported between them. */
const WRITE_CHUNK = 64 * 1024;

/**
 * Writes `bytes` to `path` atomically: a temporary file in the same directory, renamed into
 * place. `onProgress` hears the number of bytes written so far after each chunk.
 */
export function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  onProgress?: (written: number) => void,
): Result<void, string> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const descriptor = openSync(temporary, 'w');
    try {
      for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
        const end = Math.min(offset + WRITE_CHUNK, bytes.length);
        let written = offset;
        while (written < end) written += writeSync(descriptor, bytes, written, end - written);
        onProgress?.(end);
      }
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
    return ok(undefined);
  } catch (error) {
    rmSync(temporary, { force: true });
    return err(`cannot write ${path}: ${describeFileError(error)}`);
  }
}
