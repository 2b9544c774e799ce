/**
 * The PostgreSQL advisory lock every schema change takes inside its transaction, so replicas
 * that start together (or a CLI run beside them) apply migrations one at a time.
 */
export const MIGRATION_LOCK_KEY = 7_462_031_118;
