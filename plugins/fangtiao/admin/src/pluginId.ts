export const PLUGIN_ID = 'fangtiao';

/** Translation id inside the plugin's namespace. */
export const trad = (id: string): string => `${PLUGIN_ID}.${id}`;
