#!/usr/bin/env node
// The package's `flows-perms` command: the TypeScript command line, run through tsx (a dependency).
import { register } from 'tsx/esm/api';

register();
await import('../cli/perms.ts');
