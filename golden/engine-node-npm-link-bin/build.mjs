// The "build": copies src/ to dist/, as a compiler would emit it.
import { cpSync } from 'node:fs';
cpSync('src', 'dist', { recursive: true });
