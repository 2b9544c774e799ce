import { InitialSchema1764720000000 } from './1764720000000-initial-schema';

/** Every migration, oldest first. A new migration is added here as well as in this folder. */
export const MIGRATIONS = [InitialSchema1764720000000];
