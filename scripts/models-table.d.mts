export function modelsTable(): string;
