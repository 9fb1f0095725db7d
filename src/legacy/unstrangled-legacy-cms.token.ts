/**
 * The LegacyCms adapter without the strangler in front: what a modern implementation uses when it
 * needs the plain legacy answer (e.g. to fill a read model), so that it never calls its own route.
 * Only src/modern and src/strangler may import this (dependency-cruiser: unstrangled-port-is-for-modern).
 */
export const UNSTRANGLED_LEGACY_CMS = Symbol('UnstrangledLegacyCms');
