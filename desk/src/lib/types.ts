// The shapes the desk reads from the app's own API: the server's contracts (src/contracts/),
// written once and used by its controllers too. The plugin's are '@fangtiao/contracts'.
export type * from '@fangtiao/app-contracts';
