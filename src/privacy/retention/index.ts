// Placeholder: filled by the retention work.
export {};
