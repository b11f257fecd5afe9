// Equipment: refurbished computers from the recycling centre — stock, reservations, payments, hand-over, warranty.
export {
  type AddDeviceResult,
  addDevice,
  type DeviceImportReport,
  deviceCsvColumns,
  getDevice,
  importDevices,
  listDevices,
  moveDevice,
  recordErasure,
} from './devices.ts';
export {
  equipmentPersonalData,
  equipmentWorkInProgress,
  eraseEquipmentPersonalData,
} from './household-equipment-personal-data.ts';
export { deviceIdByReference, handoverPdf, householdIdByReference, receiptPdf } from './order-documents.ts';
export {
  cancelReservation,
  closeTicket,
  getOrder,
  handOver,
  householdEligibility,
  joinWaitingList,
  listOrders,
  listWaiting,
  openTicket,
  recordPayment,
  reserveDevice,
  stockAndFlow,
} from './orders.ts';
export { type EquipmentRefusal, equipmentRefusalMessage } from './refusals.ts';
export {
  balanceCents,
  defaultEligibility,
  type EligibilityRule,
  ineligibility,
  nextDeviceStatus,
  tierPrice,
  warrantyUntil,
} from './rules.ts';
export {
  type DeviceStatus,
  device,
  deviceOrder,
  deviceStatuses,
  payment,
  priceTier,
  waitingEntry,
  warrantyTicket,
} from './schema.ts';
export { listPriceTiers, setPriceTier } from './tiers.ts';
export {
  deviceKinds,
  Erasure,
  grades,
  NewDevice,
  type NewDeviceInput,
  PaymentInput,
  paymentMethods,
  TicketClose,
  TicketInput,
  WaitingInput,
} from './values.ts';
