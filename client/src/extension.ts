// Placeholder: the VS Code extension entry point.
export function activate(): void {}
export function deactivate(): void {}
