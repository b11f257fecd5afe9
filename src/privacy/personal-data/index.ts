// Placeholder: filled by the personal-data work.
export {};
