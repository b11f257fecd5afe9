// Placeholder: filled by the erasure work.
export {};
