export const doubled = (text: string): string => `${text}${text}`;
