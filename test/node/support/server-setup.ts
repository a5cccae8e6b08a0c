import { inject } from 'vitest';
import { serveBuildFrom } from './server';

// Servers started by the `server` project's tests serve the build made by its global setup.
serveBuildFrom(inject('consoleDir'));
