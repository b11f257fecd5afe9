// Small text helpers for what people read.

/** The text with its first letter in capitals (« consultation en cours » → « Consultation en cours »). */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
