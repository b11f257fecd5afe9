// The equipment documents: the receipt of a payment and the hand-over sheet of a computer.
export { renderHandover } from './handover.ts';
export { renderReceipt } from './receipt.ts';
export type * from './types.ts';
