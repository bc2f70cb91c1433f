export default async function globalTeardown(): Promise<void> {
  await globalThis.__throwawayRedis?.stop();
  await globalThis.__embeddedMongo?.close();
}
