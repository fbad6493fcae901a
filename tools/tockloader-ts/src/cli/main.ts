#!/usr/bin/env node
/**
 * Entry point of the `tockloader-ts` executable.
 */
import { runCli } from './program.js';

process.exitCode = runCli(process.argv.slice(2));
