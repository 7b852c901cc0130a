import type { Core } from '@strapi/strapi';
import type { ServiceName, Services } from '../services';

/** One of the plugin's services by name, typed by the `Services` map (as @strapi/content-releases does). */
export function getService<N extends ServiceName>(strapi: Core.Strapi, name: N): Services[N] {
  return strapi.plugin('fangtiao').service(name) as Services[N];
}
