/** True for the Node versions sparkify-dwh runs on (^22.22 || >=24.15). */
export function isSupportedNode(version: string): boolean;
