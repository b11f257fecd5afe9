// What the equipment documents need: plain data, read and checked for permission by the caller.

export interface DeviceSummary {
  reference: string; // "PC-000123"
  kind: 'desktop' | 'laptop';
  bundle: boolean; // screen, keyboard and mouse included (desktops)
  make: string;
  model: string;
  cpu: string;
  ramGb: number;
  storageGb: number;
  os: string;
  grade: string;
  serial: string;
  erasure: { method: string; date: string; operator: string };
}

export interface OrderParty {
  centreName: string; // "Un peu d’R"
  centreAddress: string | null;
  centrePhone: string | null;
  householdReference: string; // "F-000123"
  householdName: string;
  address: string | null;
}

/** A receipt for one payment, with what remains to pay. */
export interface ReceiptData {
  receiptNumber: string; // "R-2027-000045"
  party: OrderParty;
  device: DeviceSummary;
  orderReference: string; // "C-000012"
  priceCents: number;
  payment: { amountCents: number; method: 'cash' | 'cheque' | 'card'; paidAt: Date; receivedBy: string };
  paidBeforeCents: number;
  balanceCents: number; // after this payment
}

/** The hand-over sheet the household signs when it takes the computer. */
export interface HandoverData {
  orderReference: string;
  party: OrderParty;
  device: DeviceSummary;
  accessories: string[]; // e.g. ["Écran 22 pouces", "Clavier", "Souris", "Câble d’alimentation"]
  priceCents: number;
  paidCents: number;
  balanceCents: number;
  handedOverAt: Date;
  mode: 'centre' | 'delivery';
  warrantyMonths: number;
  warrantyUntil: string; // ISO date
}
