import type { AppContext, RuntimeContext } from './runtime';

/**
 * The one list of feature modules wired into every process. Each capability (catalog, commerce,
 * channels, assist, campaigns) registers its models, queues and subscribers in `configureFeatures`
 * and its routes and socket namespaces in `configureAppFeatures`.
 */
const features: Array<{
  name: string;
  configure?: (context: RuntimeContext) => Promise<void> | void;
  configureApp?: (context: AppContext) => Promise<void> | void;
}> = [];

export async function configureFeatures(context: RuntimeContext): Promise<void> {
  for (const feature of features) await feature.configure?.(context);
}

export async function configureAppFeatures(context: AppContext): Promise<void> {
  for (const feature of features) await feature.configureApp?.(context);
}
