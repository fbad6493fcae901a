#!/usr/bin/env node
/**
 * Entry point of the `tockloader-ts` executable.
 */
import { runCliAsync } from './program.js';

process.exitCode = await runCliAsync(process.argv.slice(2));
