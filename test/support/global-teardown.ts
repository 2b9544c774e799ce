/** Stops the database global-setup started; one that was handed in is left running. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.caseopsTestDatabase?.stop();
}
