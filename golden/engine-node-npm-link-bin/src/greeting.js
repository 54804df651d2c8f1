export const greeting = () => 'hello from a linked bin\n';
