import type { Command } from '../command.js';
import { demoSeed } from './demo-seed.js';
import { jobRun, jobsList } from './jobs.js';
import { tokenCreate } from './token-create.js';
import { unitsImport } from './units-import.js';
import { userCreate } from './user-create.js';

/** Every operator command, in the order the usage text lists them. */
export const commands: Command[] = [userCreate, tokenCreate, unitsImport, jobsList, jobRun, demoSeed];
