// Placeholder: the command line.
export {};
