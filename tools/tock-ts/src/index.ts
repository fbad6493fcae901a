/**
 * @tock-ts/tock-ts: the runner behind the `tock-ts` command, usable from code: the command line
 * itself, sessions over any host I/O, and app flash layout.
 */
export {
  type AppBinary,
  type AppTarget,
  appsFromFile,
  type Checked,
  checkAppRegion,
  checkTbf,
  layOutAppFlash,
} from './app-flash.js';
export { DEMO_APP_NAMES, fixtureApp } from './demo-apps.js';
export { appFlashFor, type ProgramIo, runProgram } from './program.js';
export {
  type ButtonPress,
  checkRunOptions,
  parsePress,
  parseSeconds,
  type RunOptions,
} from './run-options.js';
export { ExitCode, runSession, type SessionIo } from './session.js';
export { BUTTON_TOGGLES_LED, COMPUTE_LOOP, syntheticTbf } from './synthetic-app.js';
