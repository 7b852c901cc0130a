/**
 * Content-API route helpers of the plugin's modules. A fresh config object per route: the
 * router writes each route's auth scope into its config.
 */
export const guarded = () => ({ policies: ['global::in-jurisdiction'] });

/** `route(method, path, handler[, config])` for the controller `controller`, guarded by default. */
export function routesOf(controller: string, defaultConfig: () => Record<string, unknown> = guarded) {
  return (method: string, path: string, handler: string, config: Record<string, unknown> = defaultConfig()) => ({
    method,
    path,
    handler: `${controller}.${handler}`,
    config,
  });
}
