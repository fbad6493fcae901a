/**
 * The fault policy this board applies unless the user chooses another (see the kernel's
 * `parseFaultPolicy`): upstream's qemu_rv32_virt panics on any process fault.
 */
import type { FaultPolicyChoice } from '@tock-ts/kernel';

/** Upstream's choice for this board. */
export const DEFAULT_FAULT_POLICY: FaultPolicyChoice = Object.freeze({ kind: 'panic' });
